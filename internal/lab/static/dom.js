// Small helpers for building the page's elements without HTML strings.

export const $ = id => document.getElementById(id);

// el makes an element with attributes (properties where the element has
// them: textContent, className, onclick…) and children.
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k in e) e[k] = v; else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}

// svg makes an SVG element with attributes and children.
export function svg(tag, attrs = {}, ...children) {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

// fmt prints a number with digits decimals, "–" for none.
export function fmt(v, digits) {
  if (v === null || v === undefined) return "–";
  return Number(v).toFixed(digits);
}

// download offers a file made on demand when link is followed.
export function download(link, name, type, make) {
  link.download = name;
  link.href = "#";
  link.addEventListener("click", () => {
    if (link.href.startsWith("blob:")) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(new Blob([make()], { type }));
  });
}

// grey draws 28×28 bytes of grey at (x, y), scale pixels a byte.
export function grey(ctx, x, y, bytes, scale) {
  const img = ctx.createImageData(28, 28);
  for (let p = 0; p < 784; p++) {
    img.data[4 * p] = img.data[4 * p + 1] = img.data[4 * p + 2] = bytes[p];
    img.data[4 * p + 3] = 255;
  }
  if (scale === 1) { ctx.putImageData(img, x, y); return; }
  const tmp = document.createElement("canvas");
  tmp.width = tmp.height = 28;
  tmp.getContext("2d").putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(tmp, x, y, 28 * scale, 28 * scale);
}

// unbase64 decodes base64 to bytes.
export function unbase64(s) {
  const b = atob(s), out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
  return out;
}
