/** A response body as loosely typed JSON: tests assert its shape themselves. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests inspect arbitrary JSON, checked by expect()
export async function readJson(res: Response): Promise<any> {
  return res.json();
}
