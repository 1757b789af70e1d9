import { describe, expect, it } from "vitest";
import { PNG_3X2 } from "../../test/images.js";
import { encodeMultipart, type MultipartPart } from "./multipart.js";

/** Parses with Node's own multipart parser (undici), the same one a server built on fetch would use. */
async function parseBack(parts: MultipartPart[], boundary?: string) {
  const { body, contentType } = encodeMultipart(parts, boundary);
  return new Response(body as BodyInit, { headers: { "content-type": contentType } }).formData();
}

// Bytes that look like framing: CRLFs, a dash run, a fake boundary line, the closing delimiter, NULs, 0xFF.
const tricky = new Uint8Array([
  ...new TextEncoder().encode(
    "\r\n--\r\n\r\n--fake-boundary\r\nContent-Disposition: form-data\r\n\r\n--fake-boundary--",
  ),
  0,
  255,
  13,
  10,
  13,
  10,
  45,
  45,
]);

describe("encodeMultipart", () => {
  it("round-trips text fields and file bytes through a standard parser", async () => {
    const form = await parseBack([
      { name: "image_request", value: '{"resemblance":50,"prompt":"a beach"}' },
      { name: "image_file", filename: "image.png", contentType: "image/png", data: PNG_3X2 },
    ]);
    expect(form.get("image_request")).toBe('{"resemblance":50,"prompt":"a beach"}');
    const file = form.get("image_file") as File;
    expect(file.name).toBe("image.png");
    expect(file.type).toBe("image/png");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PNG_3X2);
  });

  it("keeps bytes that look like line breaks and boundaries, in files and in text", async () => {
    const text = "line one\r\nline two\n--not-a-boundary\r\n\r\nend\r\n";
    const form = await parseBack([
      { name: "blob", filename: "x.bin", contentType: "application/octet-stream", data: tricky },
      { name: "text", value: text },
    ]);
    expect(new Uint8Array(await (form.get("blob") as File).arrayBuffer())).toEqual(tricky);
    expect(form.get("text")).toBe(text);
  });

  it("escapes quotes and line breaks in names and file names so they survive intact", async () => {
    const name = 'field "quoted"\r\nwith break';
    const filename = 'my "photo"\n.png';
    const form = await parseBack([
      { name, value: "v" },
      { name: "f", filename, contentType: "image/png", data: PNG_3X2 },
    ]);
    expect(form.get(name)).toBe("v");
    expect((form.get("f") as File).name).toBe(filename);
  });

  it("keeps non-ASCII text as UTF-8", async () => {
    const form = await parseBack([{ name: "prompt", value: "пляж 🌴 海滩" }]);
    expect(form.get("prompt")).toBe("пляж 🌴 海滩");
  });

  it("keeps empty values and empty files", async () => {
    const form = await parseBack([
      { name: "empty", value: "" },
      { name: "nothing", filename: "n.bin", contentType: "application/octet-stream", data: new Uint8Array() },
    ]);
    expect(form.get("empty")).toBe("");
    expect((form.get("nothing") as File).size).toBe(0);
  });

  it("uses a given boundary and declares it in the content type", () => {
    const { body, contentType } = encodeMultipart([{ name: "a", value: "1" }], "XyZ123");
    expect(contentType).toBe("multipart/form-data; boundary=XyZ123");
    expect(new TextDecoder().decode(body)).toBe(
      '--XyZ123\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--XyZ123--\r\n',
    );
  });

  it("picks a different random boundary each time", () => {
    const first = encodeMultipart([{ name: "a", value: "1" }]).contentType;
    const second = encodeMultipart([{ name: "a", value: "1" }]).contentType;
    expect(first).not.toBe(second);
  });

  it("refuses a boundary that occurs inside a part", () => {
    const data = new TextEncoder().encode("abc--XyZ123def");
    expect(() => encodeMultipart([{ name: "f", filename: "f", contentType: "text/plain", data }], "XyZ123")).toThrow(
      /occurs inside a part/,
    );
  });

  it.each(["", "has space", "x".repeat(71), "semi;colon"])("refuses the invalid boundary %j", (boundary) => {
    expect(() => encodeMultipart([{ name: "a", value: "1" }], boundary)).toThrow(/not a valid multipart boundary/);
  });

  it("refuses a content type that would inject a header", () => {
    const part = { name: "f", filename: "f.png", contentType: "image/png\r\nX-Evil: 1", data: PNG_3X2 };
    expect(() => encodeMultipart([part])).toThrow(expect.objectContaining({ code: "INVALID_REQUEST" }));
  });
});
