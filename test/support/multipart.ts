// A multipart/form-data body as a browser would send it, encoded by the platform's own FormData
// (undici), for requests through app.inject.
export interface FilePart {
  name: string;
  type?: string;
  bytes: Buffer;
}

export async function multipartBody(fields: Record<string, string | string[]>, files: Record<string, FilePart | FilePart[]> = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) form.append(name, v);
  for (const [name, value] of Object.entries(files)) {
    for (const file of [value].flat()) form.append(name, new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/octet-stream' }), file.name);
  }
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
}
