/*
 * cmd_merge.c -- `hinge merge CHUNK...`: the per-chunk outputs of
 * `hinge analyze --format jsonl|json|csv` combined into the output one
 * `hinge analyze` run over all the files writes (docs/scale-out.md).
 *
 * Each input is read whole (mapped when it is a regular file) and cut
 * into entries: a file's JSON object (a line of jsonl, an element of a
 * json array, or a lone object), or a file's run of CSV rows.  Entries
 * are ordered by their "file" path, compared component by component
 * (bytewise, as `hinge analyze DIR` walks a folder), duplicates settled
 * (one entry per file), and written in the output format: JSON is
 * re-laid-out token by token exactly as the analyze writer lays it out
 * (compact for jsonl, two-space indents inside the array for json), so
 * the bytes equal a single run's.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze_out.h"
#include "cli.h"
#include "load_args.h"

static const char usage[] =
  "usage: hinge merge CHUNK... [-o OUT] [--format json|jsonl|csv]\n"
  "                   [--order path|given]\n"
  "\n"
  "Combine the outputs of several `hinge analyze --format jsonl|json|csv`\n"
  "runs (the chunks of a batch split over jobs or machines) into the output\n"
  "one run over all the files writes, byte for byte.  A CHUNK may be '-'\n"
  "(standard input) once; jsonl and json chunks may be mixed, csv chunks\n"
  "only with csv chunks.\n"
  "\n"
  "  --format F      the output: jsonl, json (an array, as for a DIR) or csv;\n"
  "                  default: the first chunk's (json for a json chunk)\n"
  "  --order O       path (default): by file path, compared folder by folder\n"
  "                  in bytewise order, the order of `hinge analyze DIR`;\n"
  "                  given: in the order the chunks list the files\n"
  "  -o OUT          write to OUT instead of standard output (never a chunk)\n"
  "\n"
  "A file found in several chunks is written once: identical entries are\n"
  "one; otherwise an analysis wins over an error, and among differing\n"
  "entries of the same kind the last one given wins (stderr names it).\n"
  "Each error entry kept ({\"file\", \"error\"}) is printed on stderr as\n"
  "`hinge analyze` prints it.\n"
  "\n"
  "Exit status: 0 merged, no file in error; 1 a file's entry is an error\n"
  "(the output written), or a chunk cannot be read or is not an analyze\n"
  "output (nothing written); 2 bad usage.\n";

enum { F_NONE, F_JSON, F_JSONL, F_CSV };

typedef struct source {
  const char *name;
  char *data;
  size_t len;
  int mapped;
  int kind; /* F_JSON (json or jsonl) or F_CSV */
} source;

typedef struct entry {
  size_t src, off, len; /* the entry's bytes in its source */
  char *file;           /* the "file" value, unescaped */
  char *error;          /* the "error" value (JSON), or NULL */
  size_t seq;           /* position among all entries read */
  size_t first;         /* the smallest seq of its file's entries */
  int drop;
} entry;

typedef struct merge {
  source *src;
  size_t nsrc;
  entry *e;
  size_t n, cap;
  int format, order_given;
  const char *out;
} merge;

/* ------------------------------------------------------------ inputs */

static int read_all(FILE *f, source *s) {
  size_t cap = 1 << 16, got;
  s->data = malloc(cap);
  s->len = 0;
  while (s->data != NULL && (got = fread(s->data + s->len, 1, cap - s->len, f)) > 0) {
    s->len += got;
    if (s->len == cap) {
      char *nd = realloc(s->data, cap *= 2);
      if (nd == NULL) free(s->data);
      s->data = nd;
    }
  }
  if (s->data == NULL) errno = ENOMEM;
  return s->data != NULL && !ferror(f) ? 0 : -1;
}

/* The whole input: a regular file mapped, anything else read. */
static int load_source(source *s) {
  struct stat st;
  int fd, rc = 0;
  FILE *f;
  if (strcmp(s->name, "-") == 0) return read_all(stdin, s);
  if ((fd = open(s->name, O_RDONLY)) < 0) return -1;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      s->data = p;
      s->len = (size_t)st.st_size;
      s->mapped = 1;
      close(fd);
      return 0;
    }
  }
  if ((f = fdopen(fd, "rb")) == NULL) {
    close(fd);
    return -1;
  }
  rc = read_all(f, s);
  fclose(f);
  return rc;
}

/* "NAME:LINE:COL: message" on stderr for a position in a source. */
static int bad_input(const source *s, size_t at, const char *what) {
  size_t line = 1, col = 1, i;
  for (i = 0; i < at && i < s->len; i++) {
    if (s->data[i] == '\n') line++, col = 1;
    else col++;
  }
  fprintf(stderr, "hinge merge: %s:%zu:%zu: %s\n", strcmp(s->name, "-") ? s->name : "<stdin>",
          line, col, what);
  return CLI_EDATA;
}

static int add_entry(merge *m, const entry *e) {
  if (m->n == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 256;
    entry *ne = realloc(m->e, cap * sizeof *ne);
    if (ne == NULL) return -1;
    m->e = ne;
    m->cap = cap;
  }
  m->e[m->n] = *e;
  m->e[m->n].seq = m->n;
  m->n++;
  return 0;
}

/* ------------------------------------------------------ JSON scanning */

typedef struct scan {
  const char *p;
  size_t n, i;
  const char *why; /* set on failure */
} scan;

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static void skip_ws(scan *s) {
  while (s->i < s->n && is_ws(s->p[s->i])) s->i++;
}

/* A string at s->i (the opening quote); s->i after the closing one. */
static int skip_string(scan *s) {
  s->i++;
  while (s->i < s->n && s->p[s->i] != '"') {
    if ((unsigned char)s->p[s->i] < 0x20) return s->why = "a control character in a string", -1;
    s->i += s->p[s->i] == '\\' ? 2 : 1;
  }
  if (s->i >= s->n) return s->why = "a string without its closing quote", -1;
  s->i++;
  return 0;
}

static int skip_value(scan *s, int depth);

/* An object or an array at s->i. */
static int skip_container(scan *s, int depth) {
  char close = s->p[s->i] == '{' ? '}' : ']';
  int obj = close == '}', first = 1;
  if (depth > 200) return s->why = "nested too deep", -1;
  s->i++;
  for (;;) {
    skip_ws(s);
    if (s->i < s->n && s->p[s->i] == close && first) break;
    if (obj) {
      if (s->i >= s->n || s->p[s->i] != '"') return s->why = "expected a key", -1;
      if (skip_string(s) != 0) return -1;
      skip_ws(s);
      if (s->i >= s->n || s->p[s->i] != ':') return s->why = "expected ':'", -1;
      s->i++;
    }
    if (skip_value(s, depth + 1) != 0) return -1;
    skip_ws(s);
    if (s->i < s->n && s->p[s->i] == close) break;
    if (s->i >= s->n || s->p[s->i] != ',') return s->why = "expected ',' or the end of a list", -1;
    s->i++;
    first = 0;
  }
  s->i++;
  return 0;
}

static int skip_value(scan *s, int depth) {
  char c;
  size_t start;
  skip_ws(s);
  if (s->i >= s->n) return s->why = "expected a value (the input ends)", -1;
  c = s->p[s->i];
  if (c == '{' || c == '[') return skip_container(s, depth);
  if (c == '"') return skip_string(s);
  start = s->i;
  while (s->i < s->n && strchr("+-.0123456789eEtrufalsn", s->p[s->i]) != NULL) s->i++;
  return s->i > start ? 0 : (s->why = "expected a value", -1);
}

static int hexval(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                        : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The string at p (its opening quote, already checked), unescaped. */
static char *unescape(const char *p) {
  size_t n = 0, i;
  char *out, *o;
  for (i = 1; p[i] != '"'; i += p[i] == '\\' ? 2 : 1) n++;
  if ((o = out = malloc(4 * n + 1)) == NULL) return NULL;
  for (i = 1; p[i] != '"'; i++) {
    unsigned long cp = 0;
    int k;
    if (p[i] != '\\') { *o++ = p[i]; continue; }
    switch (p[++i]) {
    case 'b': *o++ = '\b'; break;
    case 'f': *o++ = '\f'; break;
    case 'n': *o++ = '\n'; break;
    case 'r': *o++ = '\r'; break;
    case 't': *o++ = '\t'; break;
    case 'u':
      for (k = 1; k <= 4 && hexval(p[i + k]) >= 0; k++) cp = cp * 16 + (unsigned long)hexval(p[i + k]);
      if (k <= 4) { *o++ = '?'; break; }
      i += 4;
      if (cp < 0x80) *o++ = (char)cp;
      else if (cp < 0x800) *o++ = (char)(0xC0 | cp >> 6), *o++ = (char)(0x80 | (cp & 0x3F));
      else *o++ = (char)(0xE0 | cp >> 12), *o++ = (char)(0x80 | ((cp >> 6) & 0x3F)),
           *o++ = (char)(0x80 | (cp & 0x3F));
      break;
    default: *o++ = p[i]; break;
    }
  }
  *o = '\0';
  return out;
}

/* The top-level "file" and "error" strings of the object at [a, b). */
static int object_keys(const char *p, size_t a, size_t b, entry *e) {
  scan s;
  s.p = p;
  s.n = b;
  s.i = a + 1;
  s.why = NULL;
  for (;;) {
    size_t k, v;
    skip_ws(&s);
    if (s.i >= b || p[s.i] != '"') return 0;
    k = s.i;
    skip_string(&s);
    skip_ws(&s);
    s.i++; /* ':' */
    skip_ws(&s);
    v = s.i;
    skip_value(&s, 1);
    if (p[v] == '"' && s.i - k >= 6) {
      if (memcmp(p + k, "\"file\"", 6) == 0 && e->file == NULL && (e->file = unescape(p + v)) == NULL)
        return -1;
      if (memcmp(p + k, "\"error\"", 7) == 0 && e->error == NULL && (e->error = unescape(p + v)) == NULL)
        return -1;
    }
    skip_ws(&s);
    if (s.i >= b || p[s.i] != ',') return 0;
    s.i++;
  }
}

/* One object of a JSON chunk as an entry. */
static int json_entry(merge *m, size_t si, size_t a, size_t b) {
  entry e;
  memset(&e, 0, sizeof e);
  e.src = si;
  e.off = a;
  e.len = b - a;
  if (object_keys(m->src[si].data, a, b, &e) != 0 || add_entry(m, &e) != 0) {
    free(e.file);
    free(e.error);
    fprintf(stderr, "hinge merge: out of memory\n");
    return CLI_EDATA;
  }
  if (e.file == NULL) {
    free(e.error);
    m->n--;
    return bad_input(&m->src[si], a, "an entry without a \"file\" (not an analyze output)");
  }
  return CLI_OK;
}

/* A JSON chunk: objects (jsonl, or a lone object) and arrays of them. */
static int read_json(merge *m, size_t si) {
  source *src = &m->src[si];
  scan s;
  s.p = src->data;
  s.n = src->len;
  s.i = 0;
  for (;;) {
    size_t a;
    int rc;
    skip_ws(&s);
    if (s.i >= s.n) return CLI_OK;
    a = s.i;
    if (s.p[a] == '{') {
      if (skip_value(&s, 0) != 0) return bad_input(src, s.i, s.why);
      if ((rc = json_entry(m, si, a, s.i)) != CLI_OK) return rc;
    } else if (s.p[a] == '[') {
      s.i++;
      for (;;) {
        skip_ws(&s);
        if (s.i < s.n && s.p[s.i] == ']') break;
        a = s.i;
        if (s.i >= s.n || s.p[a] != '{') return bad_input(src, s.i, "expected a file's object");
        if (skip_value(&s, 1) != 0) return bad_input(src, s.i, s.why);
        if ((rc = json_entry(m, si, a, s.i)) != CLI_OK) return rc;
        skip_ws(&s);
        if (s.i < s.n && s.p[s.i] == ',') s.i++;
        else if (s.i >= s.n || s.p[s.i] != ']') return bad_input(src, s.i, "expected ',' or ']'");
      }
      s.i++;
    } else {
      return bad_input(src, s.i, "expected '{' or '[' (an analyze output: json or jsonl)");
    }
  }
}

/* -------------------------------------------------------- CSV chunks */

/* The end of the CSV record starting at i (after its line break). */
static size_t csv_record_end(const char *p, size_t n, size_t i) {
  int quoted = 0;
  for (; i < n; i++) {
    if (p[i] == '"') quoted = !quoted;
    else if (p[i] == '\n' && !quoted) return i + 1;
  }
  return n;
}

/* Fields of the record [i, end): delimiters outside quotes, plus one. */
static size_t csv_fields(const char *p, size_t i, size_t end) {
  size_t n = 1;
  int quoted = 0;
  for (; i < end; i++) {
    if (p[i] == '"') quoted = !quoted;
    else if (p[i] == ',' && !quoted) n++;
  }
  return n;
}

/* The first field of the record at i, unquoted. */
static char *csv_first_field(const char *p, size_t end, size_t i) {
  char *out = malloc(end - i + 1), *o = out;
  if (out == NULL) return NULL;
  if (i < end && p[i] == '"') {
    for (i++; i < end; i++) {
      if (p[i] == '"' && i + 1 < end && p[i + 1] == '"') *o++ = '"', i++;
      else if (p[i] == '"') break;
      else *o++ = p[i];
    }
  } else {
    while (i < end && p[i] != ',' && p[i] != '\n' && p[i] != '\r') *o++ = p[i++];
  }
  *o = '\0';
  return out;
}

/* A CSV chunk: the analyze header, then each file's run of rows. */
static int read_csv(merge *m, size_t si, const char *header) {
  source *src = &m->src[si];
  size_t hl = strlen(header), i = hl;
  entry e;
  if (src->len < hl || memcmp(src->data, header, hl) != 0)
    return bad_input(src, 0, "not the header of `hinge analyze --format csv`");
  memset(&e, 0, sizeof e);
  while (i < src->len) {
    size_t end = csv_record_end(src->data, src->len, i);
    char *file;
    if (src->data[end - 1] != '\n' || csv_fields(src->data, i, end) != csv_fields(header, 0, hl)) {
      free(e.file);
      return bad_input(src, i, "a row cut short or with another number of fields than the header");
    }
    if ((file = csv_first_field(src->data, end, i)) == NULL) goto oom;
    if (e.file != NULL && strcmp(e.file, file) == 0) {
      e.len = end - e.off; /* the same file's next row */
      free(file);
    } else {
      if (e.file != NULL && add_entry(m, &e) != 0) goto oom;
      e.src = si;
      e.off = i;
      e.len = end - i;
      e.file = file;
    }
    i = end;
  }
  if (e.file != NULL && add_entry(m, &e) != 0) goto oom;
  return CLI_OK;
oom:
  free(e.file);
  fprintf(stderr, "hinge merge: out of memory\n");
  return CLI_EDATA;
}

/* ------------------------------------------------------------- order */

/* Paths compared folder by folder: '/' sorts before every other byte. */
static int cmp_path(const char *a, const char *b) {
  for (; *a && *a == *b; a++, b++) {}
  if (*a == *b) return 0;
  if (*a == '\0' || *b == '\0') return *a == '\0' ? -1 : 1;
  if (*a == '/' || *b == '/') return *a == '/' ? -1 : 1;
  return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
}

static int cmp_file_seq(const void *x, const void *y) {
  const entry *a = x, *b = y;
  int c = strcmp(a->file, b->file); /* the groups; their order comes later */
  if (c != 0) return c;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int cmp_output(const void *x, const void *y) {
  const entry *a = x, *b = y;
  int c;
  if (a->drop != b->drop) return a->drop - b->drop;
  c = cmp_path(a->file, b->file);
  if (c != 0) return c;
  return strcmp(a->file, b->file);
}

static int cmp_given(const void *x, const void *y) {
  const entry *a = x, *b = y;
  if (a->drop != b->drop) return a->drop - b->drop;
  return a->first < b->first ? -1 : a->first > b->first;
}

/* ---------------------------------------------------------- writing */

/* The entry's JSON laid out as json_out lays it out: compact, or pretty
 * with two-space indents from depth (1 inside the array). */
static void put_json(FILE *f, const char *p, size_t n, int pretty, int depth) {
  size_t i = 0, k;
  while (i < n) {
    char c = p[i];
    if (is_ws(c)) { i++; continue; }
    if (c == '"') {
      size_t a = i++;
      while (p[i] != '"') i += p[i] == '\\' ? 2 : 1;
      i++;
      fwrite(p + a, 1, i - a, f);
      continue;
    }
    if (c == '{' || c == '[') {
      char close = c == '{' ? '}' : ']';
      fputc(c, f);
      for (k = i + 1; k < n && is_ws(p[k]); k++) {}
      if (k < n && p[k] == close) {
        fputc(close, f);
        i = k + 1;
        continue;
      }
      depth++;
    } else if (c == '}' || c == ']') {
      depth--;
    } else if (c == ',') {
      fputc(',', f);
    } else if (c == ':') {
      fputs(pretty ? ": " : ":", f);
      i++;
      continue;
    } else {
      fputc(c, f);
      i++;
      continue;
    }
    if (pretty) {
      fputc('\n', f);
      for (k = 0; k < 2 * (size_t)depth; k++) fputc(' ', f);
    }
    if (c == '}' || c == ']') fputc(c, f);
    i++;
  }
}

/* The entry's canonical bytes (compact JSON, or the CSV rows), for
 * comparing duplicates. */
static char *canonical(const merge *m, const entry *e, size_t *len) {
  char *buf = NULL;
  FILE *f;
  if (m->src[e->src].kind == F_CSV) {
    *len = e->len;
    if ((buf = malloc(e->len + 1)) != NULL) memcpy(buf, m->src[e->src].data + e->off, e->len);
    return buf;
  }
  if ((f = open_memstream(&buf, len)) == NULL) return NULL;
  put_json(f, m->src[e->src].data + e->off, e->len, 0, 0);
  fclose(f);
  return buf;
}

/* Settle each file's duplicates: one entry kept (drop = 0). */
static int settle(merge *m) {
  size_t a, b, k;
  if (m->n > 1) qsort(m->e, m->n, sizeof *m->e, cmp_file_seq);
  for (a = 0; a < m->n; a = b) {
    size_t keep = a, alen, klen;
    char *acan, *kcan;
    int differ = 0;
    for (b = a + 1; b < m->n && strcmp(m->e[b].file, m->e[a].file) == 0; b++) {}
    for (k = a; k < b; k++) m->e[k].first = m->e[a].seq;
    if (b == a + 1) continue;
    if ((acan = canonical(m, &m->e[a], &alen)) == NULL) return -1;
    for (k = a + 1; k < b; k++) {
      if ((kcan = canonical(m, &m->e[k], &klen)) == NULL) {
        free(acan);
        return -1;
      }
      differ |= klen != alen || memcmp(kcan, acan, alen) != 0;
      free(kcan);
      /* an analysis over an error; else the later one */
      if (!(m->e[k].error != NULL && m->e[keep].error == NULL)) keep = k;
    }
    free(acan);
    for (k = a; k < b; k++) m->e[k].drop = k != keep;
    if (differ)
      fprintf(stderr, "hinge merge: %s: %zu differing entries (in %s and %s): kept the one in %s\n",
              m->e[a].file, b - a, m->src[m->e[a].src].name, m->src[m->e[b - 1].src].name,
              m->src[m->e[keep].src].name);
  }
  return 0;
}

static void write_all(const merge *m, FILE *f, size_t n) {
  size_t i;
  if (m->format == F_CSV) analyze_csv_header(f);
  if (m->format == F_JSON) fputc('[', f);
  for (i = 0; i < n; i++) {
    const entry *e = &m->e[i];
    const char *p = m->src[e->src].data + e->off;
    if (m->format == F_CSV) {
      fwrite(p, 1, e->len, f);
    } else if (m->format == F_JSONL) {
      put_json(f, p, e->len, 0, 0);
      fputc('\n', f);
    } else {
      fputs(i > 0 ? ",\n  " : "\n  ", f);
      put_json(f, p, e->len, 1, 1);
    }
  }
  if (m->format == F_JSON) fputs(n > 0 ? "\n]\n" : "]\n", f);
}

/* ------------------------------------------------------------ command */

static int parse(int argc, char **argv, merge *m, const char **names) {
  int i, rc, stdin_uses = 0;
  const char *v;
  for (i = 1; i < argc; i++) {
    if ((rc = cli_opt_value("merge", argc, argv, &i, "-o", &v)) != 0) {
      if (rc < 0) return CLI_EUSAGE;
      m->out = v;
    } else if ((rc = cli_opt_value("merge", argc, argv, &i, "--format", &v)) != 0) {
      if (rc < 0) return CLI_EUSAGE;
      if (strcmp(v, "json") == 0) m->format = F_JSON;
      else if (strcmp(v, "jsonl") == 0) m->format = F_JSONL;
      else if (strcmp(v, "csv") == 0) m->format = F_CSV;
      else return cli_usage_error("merge", "--format wants json, jsonl or csv (got '%s')", v);
    } else if ((rc = cli_opt_value("merge", argc, argv, &i, "--order", &v)) != 0) {
      if (rc < 0) return CLI_EUSAGE;
      if (strcmp(v, "path") != 0 && strcmp(v, "given") != 0)
        return cli_usage_error("merge", "--order wants path or given (got '%s')", v);
      m->order_given = strcmp(v, "given") == 0;
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      return cli_usage_error("merge", "unknown option '%s'", argv[i]);
    } else {
      stdin_uses += strcmp(argv[i], "-") == 0;
      names[m->nsrc++] = argv[i];
    }
  }
  if (m->nsrc == 0) return cli_usage_error("merge", "missing CHUNK");
  if (stdin_uses > 1) return cli_usage_error("merge", "'-' (standard input) can be read once");
  return cli_output_guard("merge", m->out, names, m->nsrc);
}

/* Read every chunk into entries; the output format settled. */
static int read_chunks(merge *m, const char **names) {
  static const char header_probe[] = "file,athlete,";
  char *header = NULL;
  size_t hlen = 0, i, k;
  FILE *hf = open_memstream(&header, &hlen);
  int rc = CLI_OK, first = F_NONE;
  if (hf == NULL) return CLI_EDATA;
  analyze_csv_header(hf);
  fclose(hf);
  for (i = 0; i < m->nsrc && rc == CLI_OK; i++) {
    source *s = &m->src[i];
    s->name = names[i];
    if (load_source(s) != 0) {
      fprintf(stderr, "hinge merge: %s: %s\n", s->name, strerror(errno));
      rc = CLI_EDATA;
      break;
    }
    for (k = 0; k < s->len && is_ws(s->data[k]); k++) {}
    s->kind = s->len - k >= sizeof header_probe - 1 &&
                  memcmp(s->data + k, header_probe, sizeof header_probe - 1) == 0 ? F_CSV : F_JSON;
    if (k == s->len) continue; /* empty: no entry */
    if (first == F_NONE) first = s->kind == F_CSV ? F_CSV : s->data[k] == '[' ? F_JSON : F_JSONL;
    if ((s->kind == F_CSV) != (first == F_CSV)) {
      fprintf(stderr, "hinge merge: %s: csv and json chunks cannot be mixed\n", s->name);
      rc = CLI_EDATA;
      break;
    }
    rc = s->kind == F_CSV ? read_csv(m, i, header) : read_json(m, i);
  }
  free(header);
  if (m->format == F_NONE) m->format = first == F_NONE ? F_JSONL : first;
  if (rc == CLI_OK && first != F_NONE && (m->format == F_CSV) != (first == F_CSV)) {
    fprintf(stderr, "hinge merge: --format %s needs %s chunks (a CSV holds no whole analysis)\n",
            m->format == F_CSV ? "csv" : "json/jsonl", m->format == F_CSV ? "csv" : "json or jsonl");
    rc = CLI_EDATA;
  }
  return rc;
}

static int write_output(merge *m) {
  hinge_error err;
  cli_output *out;
  size_t i, kept = 0, errors = 0;
  if (settle(m) != 0) {
    fprintf(stderr, "hinge merge: out of memory\n");
    return CLI_EDATA;
  }
  if (m->n > 1) qsort(m->e, m->n, sizeof *m->e, m->order_given ? cmp_given : cmp_output);
  for (i = 0; i < m->n && !m->e[i].drop; i++) kept++;
  if ((out = cli_output_open(m->out, &err)) == NULL) return cli_data_error(&err);
  write_all(m, cli_output_file(out), kept);
  if (cli_output_close(out, 1, &err) != HINGE_OK) return cli_data_error(&err);
  for (i = 0; i < kept; i++)
    if (m->e[i].error != NULL) {
      fprintf(stderr, "hinge: %s\n", m->e[i].error);
      errors++;
    }
  return errors > 0 ? CLI_EDATA : CLI_OK;
}

static int cmd_merge(int argc, char **argv) {
  merge m;
  const char **names = malloc((size_t)(argc > 0 ? argc : 1) * sizeof *names);
  size_t i;
  int rc;
  memset(&m, 0, sizeof m);
  m.src = calloc((size_t)(argc > 0 ? argc : 1), sizeof *m.src);
  if (names == NULL || m.src == NULL) {
    free(names);
    free(m.src);
    fprintf(stderr, "hinge merge: out of memory\n");
    return CLI_EDATA;
  }
  rc = parse(argc, argv, &m, names);
  if (rc == CLI_OK) rc = read_chunks(&m, names);
  if (rc == CLI_OK) rc = write_output(&m);
  for (i = 0; i < m.n; i++) {
    free(m.e[i].file);
    free(m.e[i].error);
  }
  for (i = 0; i < m.nsrc; i++) {
    if (m.src[i].mapped) munmap(m.src[i].data, m.src[i].len);
    else free(m.src[i].data);
  }
  free(m.e);
  free(m.src);
  free(names);
  return rc;
}

const cli_command cli_cmd_merge = {
  "merge", cmd_merge, "combine chunked `hinge analyze` outputs into one run's output", usage
};
