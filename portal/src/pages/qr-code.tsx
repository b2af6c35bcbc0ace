// A QR code drawn as SVG from its modules, for a screen to show (the wallet's licence codes). The encoder is
// loaded only when a page shows one.
import { useEffect, useState } from 'preact/hooks';

interface Modules {
  size: number;
  dark: (x: number, y: number) => boolean;
}

const encode = async (text: string): Promise<Modules> => {
  const { create } = await import('qrcode');
  // The same error correction the printed licence uses: the codes read alike.
  const { modules } = create([{ data: new TextEncoder().encode(text), mode: 'byte' }], {
    errorCorrectionLevel: 'M',
  });
  return { size: modules.size, dark: (x, y) => Boolean(modules.get(y, x)) };
};

export const QrCode = ({ text, label }: { text: string; label: string }) => {
  const [modules, setModules] = useState<Modules | undefined>();
  useEffect(() => {
    let current = true;
    void encode(text).then((m) => current && setModules(m));
    return () => {
      current = false;
    };
  }, [text]);
  if (!modules) return null;
  const quiet = 4;
  const side = modules.size + 2 * quiet;
  let path = '';
  for (let y = 0; y < modules.size; y++)
    for (let x = 0; x < modules.size; x++)
      if (modules.dark(x, y)) path += `M${x + quiet} ${y + quiet}h1v1h-1z`;
  return (
    <svg
      class="qr"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${side} ${side}`}
      shape-rendering="crispEdges"
    >
      <rect width={side} height={side} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
};
