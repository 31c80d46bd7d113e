/** A response body as loosely typed JSON: tests assert its shape themselves. */
// biome-ignore lint: tests inspect arbitrary JSON
export async function readJson(res: Response): Promise<any> {
  return res.json();
}
