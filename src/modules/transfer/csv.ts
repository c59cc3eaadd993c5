// A streaming RFC 4180 reader: quoted fields with commas, doubled quotes and line breaks inside,
// CRLF or LF, a BOM ignored. Records come one at a time with the line they started on; bytes that
// are not UTF-8 become U+FFFD (the adapters refuse such rows).
import { createReadStream } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'

export async function* csvRecords(
  path: string,
): AsyncGenerator<{ line: number; fields: string[] }> {
  const decoder = new StringDecoder('utf8')
  let field = ''
  let fields: string[] = []
  let quoted = false
  let afterQuote = false
  let line = 1
  let start = 1
  let first = true
  for await (const chunk of createReadStream(path)) {
    let text = decoder.write(chunk as Buffer)
    if (first) {
      text = text.replace(/^\uFEFF/, '')
      first = false
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i]
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"'
            i++
          } else if (i + 1 === text.length) {
            // A quote at the end of a chunk: the next chunk says whether it is doubled.
            quoted = false
            afterQuote = true
          } else {
            quoted = false
          }
        } else {
          if (c === '\n') line++
          field += c
        }
        continue
      }
      if (afterQuote && c === '"') {
        field += '"'
        quoted = true
        afterQuote = false
        continue
      }
      afterQuote = false
      if (c === '"' && field === '') quoted = true
      else if (c === ',') {
        fields.push(field)
        field = ''
      } else if (c === '\n') {
        fields.push(field.endsWith('\r') ? field.slice(0, -1) : field)
        if (fields.length > 1 || fields[0] !== '') yield { line: start, fields }
        fields = []
        field = ''
        line++
        start = line
      } else field += c
    }
  }
  field += decoder.end()
  if (field !== '' || fields.length > 0) {
    fields.push(field.endsWith('\r') ? field.slice(0, -1) : field)
    yield { line: start, fields }
  }
}

/** Records as objects keyed by the header row's names, lower-cased and trimmed. */
export async function* csvObjects(
  path: string,
): AsyncGenerator<{ line: number; row: Map<string, string> }> {
  let header: string[] | null = null
  for await (const { line, fields } of csvRecords(path)) {
    if (!header) {
      header = fields.map((f) => f.trim().toLowerCase())
      continue
    }
    const row = new Map<string, string>()
    header.forEach((name, i) => row.set(name, (fields[i] ?? '').trim()))
    yield { line, row }
  }
}
