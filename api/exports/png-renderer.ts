/**
 * PNG from SVG with resvg (@resvg/resvg-js: Rust's resvg behind napi-rs; its prebuilt binary for
 * each platform is an npm package of its own, so nothing is downloaded at install or run time).
 * Loaded on first use: a platform with no prebuilt binary still serves SVG, and answers a PNG
 * request with 501 instead of failing to start.
 */
export interface PngRenderer {
  render(svg: string, scale: number): Uint8Array;
}

let loading: Promise<PngRenderer | undefined> | undefined;

export function pngRenderer(): Promise<PngRenderer | undefined> {
  loading ??= import('@resvg/resvg-js').then(
    ({ Resvg }) => ({
      render(svg: string, scale: number) {
        const resvg = new Resvg(svg, {
          fitTo: { mode: 'zoom', value: scale },
          background: '#ffffff',
          // The system's fonts; Liberation Sans (Arial's metrics) or DejaVu Sans where Arial is missing.
          font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Sans', sansSerifFamily: 'DejaVu Sans' },
        });
        return new Uint8Array(resvg.render().asPng());
      },
    }),
    () => undefined,
  );
  return loading;
}
