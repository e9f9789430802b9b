/*
 * hinge/table.h -- a session export loaded as a numeric table: one column
 * of doubles per numeric CSV column (NaN = missing), each column matched
 * to a role (time, hip, thoracic, ...) by its name or by an explicit
 * mapping, angles converted to degrees and time to seconds, metadata,
 * the sample rate, and what was odd about the file (warnings, gaps).
 *
 * The format (names, aliases, units, rules) is docs/formats.md.
 */
#ifndef HINGE_TABLE_H
#define HINGE_TABLE_H

#include "hinge/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Roles.  The angle roles are flexion-positive degrees after loading. */
typedef enum hinge_role {
  HINGE_ROLE_NONE = 0,
  HINGE_ROLE_TIME,
  HINGE_ROLE_HIP,       /* hip flexion */
  HINGE_ROLE_THORACIC,  /* upper back */
  HINGE_ROLE_LUMBAR,    /* lower back */
  HINGE_ROLE_KNEE,
  HINGE_ROLE_SHIN,      /* shin from vertical */
  HINGE_ROLE_TRUNK,     /* trunk inclination from vertical */
  HINGE_ROLE_ATHLETE,   /* metadata columns from here on */
  HINGE_ROLE_DATE,
  HINGE_ROLE_SET,
  HINGE_ROLE_LOAD,      /* load_kg */
  HINGE_ROLE_EXERCISE,
  HINGE_ROLE_COUNT
} hinge_role;

#define HINGE_ROLE_BIT(r) (1u << (r))
#define HINGE_ROLES_ANGLES                                                   \
  (HINGE_ROLE_BIT(HINGE_ROLE_HIP) | HINGE_ROLE_BIT(HINGE_ROLE_THORACIC) |    \
   HINGE_ROLE_BIT(HINGE_ROLE_LUMBAR) | HINGE_ROLE_BIT(HINGE_ROLE_KNEE) |     \
   HINGE_ROLE_BIT(HINGE_ROLE_SHIN) | HINGE_ROLE_BIT(HINGE_ROLE_TRUNK))

/* "time", "hip", "thoracic", "lumbar", "knee", "shin", "trunk", "athlete",
 * "date", "set", "load_kg", "exercise"; "" for NONE, "unknown" for a value
 * that is no role; static strings. */
HINGE_EXPORT const char *hinge_role_name(int role);
/* The role named name (as above, case-insensitive; "load" also means
 * load_kg), or -1. */
HINGE_EXPORT int hinge_role_from_name(const char *name);

/* The unit a column has in the file. */
typedef enum hinge_unit {
  HINGE_UNIT_NONE = 0, /* a number without a known unit */
  HINGE_UNIT_S,
  HINGE_UNIT_MS,
  HINGE_UNIT_ISO8601,  /* date-time text, loaded as seconds from the first sample */
  HINGE_UNIT_DEG,
  HINGE_UNIT_RAD,      /* loaded as degrees */
  HINGE_UNIT_KG,
  HINGE_UNIT_TEXT,     /* not numeric: not stored as a column of doubles */
  HINGE_UNIT_US,       /* microseconds (time_us), loaded as seconds */
  HINGE_UNIT_NS        /* nanoseconds (time_ns), loaded as seconds */
} hinge_unit;

/* "", "s", "ms", "iso8601", "deg", "rad", "kg", "text", "us", "ns";
 * "unknown" for a value that is no unit; static. */
HINGE_EXPORT const char *hinge_unit_name(int unit);

/* The flag words of a rep, as the analysis writes them and the recovery
 * reader reads them (the bits are also in analyze.h, identically). */
#define HINGE_REP_UPPER_BACK_ROUNDING 1u /* "upper_back_rounding" */
#define HINGE_REP_LUMBAR_ROUNDING 2u     /* "lumbar_rounding" */
/* "upper_back_rounding" or "lumbar_rounding" for one flag bit, else
 * "unknown" (as every name function; static). */
HINGE_EXPORT const char *hinge_rep_flag_name(unsigned flag);
/* The flag bit of word (exact, case-sensitive) into *flag (may be NULL):
 * HINGE_OK, or HINGE_EPARSE when word is NULL or no flag word. */
HINGE_EXPORT int hinge_rep_flag_parse(const char *word, unsigned *flag);

/* An explicit role for a column, as `--map lumbar=L1_S1_flex`.  The column
 * is matched on its header text exactly, else case-insensitively, else
 * after normalisation (docs/formats.md).
 *
 * negate inverts the column: every value is negated on load (after the
 * unit conversion; NaN stays NaN, nothing else changes), for a sensor
 * that counts flexion negative.  Angle roles only (hip, thoracic, lumbar,
 * knee, shin, trunk): any other role with negate set is HINGE_EINVAL.
 * column is always the literal header text; the CLI and Lua spelling
 * "-COLUMN" (`--map lumbar=-L1_S1_flex`, map = {lumbar = "-L1_S1_flex"})
 * is parsed by them into negate = 1 and the name without its minus
 * (docs/formats.md, "Mapping columns").  A zeroed field keeps the sign. */
typedef struct hinge_role_map {
  int role;            /* hinge_role */
  const char *column;  /* the header text, as it is (no sign prefix) */
  int negate;          /* nonzero: invert the column (angle roles only) */
} hinge_role_map;

/* Lenient loading: values that are not numbers, infinities and overflows
 * become NaN, ragged rows are padded with NaN or cut, and time going
 * backwards is allowed -- each reported as a warning instead of an error. */
#define HINGE_LOAD_LENIENT 1u

/* An IMU sensor's role for the IMU reader (docs/formats.md, "Device
 * formats"): role is "trunk", "pelvis", "thigh", "upper_back",
 * "lower_back" or "sacrum"; prefix the text its columns start with. */
typedef struct hinge_sensor_map {
  const char *role;
  const char *prefix;
} hinge_sensor_map;

typedef struct hinge_load_options {
  const hinge_allocator *alloc; /* NULL = libc; must outlive the table */
  double fs;             /* > 0: the sample rate in Hz, instead of the median step */
  char delimiter;        /* ',', ';', '\t'; 0 = detect */
  const hinge_role_map *map; /* nmap explicit roles (copied during the load) */
  size_t nmap;
  unsigned flags;        /* HINGE_LOAD_* */
  unsigned require;      /* HINGE_ROLE_BIT()s that must be present; 0 = the
                            default: time (unless fs > 0) and one angle */
  double gap_factor;     /* a step longer than gap_factor x the median step
                            is a gap; 0 = 1.5 */
  unsigned threads;      /* > 1: parse plain numeric rows with up to this
                            many threads (at most 16, more is an error;
                            files are then read
                            4 MiB at a time); 0 or 1 = the calling thread
                            only.  The table is the same either way
                            (docs/algorithms.md). */
  const char *input_format; /* NULL or "" = detect from the content (the
                            file name's extension a hint); else a reader's
                            name: "csv" (hinge's own), "opensim", ... --
                            hinge_input_format_name lists them */
  const hinge_sensor_map *sensors; /* IMU sensors' roles (the imu reader) */
  size_t nsensors;
} hinge_load_options;

/* The most threads a load may use. */
#define HINGE_LOAD_MAX_THREADS 16

/* Fill o with the defaults: every field 0 (libc allocator, no fs,
 * detected delimiter, no mapping, strict, gap_factor 1.5, one thread).
 * A zeroed struct means the same. */
HINGE_EXPORT void hinge_load_options_init(hinge_load_options *o);
/* HINGE_OK when the loader accepts o, else HINGE_EINVAL with the one
 * message the C API, the CLI and Lua all give: delimiter ',', ';', tab or
 * 0; fs a finite number >= 0 (0: none); gap_factor 0 or >= 1; threads 0
 * to HINGE_LOAD_MAX_THREADS; a map when nmap > 0.  The loaders run the
 * same check (their errors then also name the file). */
HINGE_EXPORT int hinge_load_options_check(const hinge_load_options *o, hinge_error *err);

typedef struct hinge_table hinge_table;

/* The readers (docs/formats.md, "Device formats"), in the order detection
 * tries them: hinge_input_format_name(i) for i < hinge_input_format_count()
 * is a name input_format takes ("csv", "opensim", ...), its title a short
 * description ("OpenSim .mot/.sto"); NULL for i out of range.  Static. */
HINGE_EXPORT size_t hinge_input_format_count(void);
HINGE_EXPORT const char *hinge_input_format_name(size_t i);
HINGE_EXPORT const char *hinge_input_format_title(size_t i);
/* The reader hinge_table_load would use for path: opts->input_format's
 * (opts may be NULL), else the one detection picks, else "csv"; NULL (err
 * set) when the name is unknown or path is a directory no reader takes.
 * A batch asks it before walking a directory (a folder format is one
 * session).  Static. */
HINGE_EXPORT const char *hinge_input_format_detect(const char *path,
                                                   const hinge_load_options *opts,
                                                   hinge_error *err);

/* The session files named by a list of paths, as `hinge analyze DIR...`,
 * `hinge info`, `hinge report` and Lua hinge.session_files take them: a
 * folder (followed through symbolic links, loops skipped) is walked
 * recursively, entries sorted by name (bytewise), names starting with '.'
 * skipped, files kept by extension (hinge_session_extensions(), any case);
 * a folder a reader takes whole (OpenPose frames, a Sensor Logger
 * recording) is one session; any other path ('-', a file, a path that
 * does not exist) is kept as it is, for the loader to read or refuse.  A
 * folder holding no session file, or one that cannot be read, is an entry
 * with an error (hinge_session_paths_error), in its place.  HINGE_OK with
 * *out to free with hinge_session_paths_free; HINGE_ENOMEM, HINGE_EINVAL. */
typedef struct hinge_session_paths hinge_session_paths;
HINGE_EXPORT int hinge_session_paths_expand(const char *const *paths, size_t npaths,
                                            const hinge_allocator *alloc,
                                            hinge_session_paths **out, hinge_error *err);
HINGE_EXPORT size_t hinge_session_paths_count(const hinge_session_paths *l);
/* Entry i's path (NULL out of range), and its error (NULL: a file to load). */
HINGE_EXPORT const char *hinge_session_paths_path(const hinge_session_paths *l, size_t i);
HINGE_EXPORT const char *hinge_session_paths_error(const hinge_session_paths *l, size_t i);
/* 1 when a folder was among the paths (the CLI then writes an array). */
HINGE_EXPORT int hinge_session_paths_folders(const hinge_session_paths *l);
HINGE_EXPORT void hinge_session_paths_free(hinge_session_paths *l);
/* ".csv, .tsv, .txt, .mot, .sto, .mvnx" (static); and 1 when name ends in
 * one of them. */
HINGE_EXPORT const char *hinge_session_extensions(void);
HINGE_EXPORT int hinge_session_file_name(const char *name);

/* Load the session at path: the reader named by opts->input_format, else
 * the one detection picks from the first bytes (and the extension), else
 * hinge's session CSV.  A directory is a session only for a reader that
 * reads folders.  On success *out owns the table (free it
 * with hinge_table_destroy); on failure *out is NULL and err says where:
 * HINGE_EIO, HINGE_EPARSE (malformed CSV, text in a numeric column, bad
 * timestamp), HINGE_ESCHEMA (a required role missing, an ambiguous or
 * unknown mapped column), HINGE_ERANGE (inf or overflow; time going
 * backwards), HINGE_ENODATA (no header, no data rows, fewer than two
 * timestamps without fs), HINGE_ELIMIT, HINGE_ENOMEM, HINGE_EINVAL.
 * Errors name the file, the physical line and the 1-based column. */
HINGE_EXPORT int hinge_table_load(const char *path, const hinge_load_options *opts,
                                  hinge_table **out, hinge_error *err);

/* The same over len bytes at buf (not kept); name stands for the file
 * name in errors and metadata. */
HINGE_EXPORT int hinge_table_load_buffer(const char *name, const void *buf, size_t len,
                                         const hinge_load_options *opts,
                                         hinge_table **out, hinge_error *err);

/* Free the table and everything its accessors returned.  NULL is a no-op. */
HINGE_EXPORT void hinge_table_destroy(hinge_table *t);

/* Every pointer below lives as long as the table.  A NULL table reads as
 * an empty one: 0, NULL or -1 (docs/c-api.md, Conventions). */

HINGE_EXPORT const char *hinge_table_file(const hinge_table *t); /* path or name */
/* The reader that loaded t: "csv", "opensim", ... (static). */
HINGE_EXPORT const char *hinge_table_format(const hinge_table *t);
/* What the source can measure of the spine, from the roles it has:
 * "thoracic+lumbar", "lumbar only", "thoracic only", "trunk only" or
 * "none" (static). */
HINGE_EXPORT const char *hinge_table_capabilities(const hinge_table *t);
/* The reader's sentence on what its channels are, such as "lumbar is the
 * whole torso relative to the pelvis (OpenSim lumbar_extension), not a
 * lumbar segment"; NULL when it has none (static). */
HINGE_EXPORT const char *hinge_table_capability_note(const hinge_table *t);
HINGE_EXPORT size_t hinge_table_rows(const hinge_table *t);
/* Every CSV column, numeric or text, in file order. */
HINGE_EXPORT size_t hinge_table_columns(const hinge_table *t);

typedef struct hinge_column_info {
  const char *name;   /* the header text */
  int role;           /* hinge_role; NONE for other columns */
  int unit;           /* hinge_unit in the file */
  int mapped;         /* the role came from an explicit mapping */
  size_t missing;     /* NaN samples (numeric columns) */
  int inverted;       /* every value was negated on load (a mapping with
                         negate, "-COLUMN" in the CLI and Lua) */
  const char *source; /* a column a device reader derived: what from ("mean
                         of hip_flexion_r and hip_flexion_l"); NULL for a
                         column as the file has it */
} hinge_column_info;

/* NULL when i is out of range. */
HINGE_EXPORT const hinge_column_info *hinge_table_column_info(const hinge_table *t, size_t i);
/* The rows values of column i in loaded units (degrees, seconds); NULL for
 * a text column or i out of range. */
HINGE_EXPORT const double *hinge_table_column(const hinge_table *t, size_t i);
/* The column whose header text is name (exact, else case-insensitive), or
 * else the column with the role of that name ("hip", "time"); -1 if none. */
HINGE_EXPORT long hinge_table_find(const hinge_table *t, const char *name_or_role);
/* The column with role, or -1. */
HINGE_EXPORT long hinge_table_role_column(const hinge_table *t, int role);
/* Time in seconds for every row: the time column converted (ms / 1000,
 * ISO 8601 and epoch times as seconds from the first timestamp), or i / fs
 * when the file has no time column.  Never NULL. */
HINGE_EXPORT const double *hinge_table_time(const hinge_table *t);

typedef struct hinge_schema {
  char delimiter;      /* ',', ';' or '\t' */
  char decimal;        /* '.' or ',' (the mark the numbers used; '.' if none) */
  int had_bom;
  int crlf;
  long header_line;    /* physical line of the header (after any metadata lines) */
  long lines;          /* physical lines in the file */
  const char *encoding; /* "utf-8", "utf-16le" or "utf-16be" (decoded to UTF-8
                          on load); static */
} hinge_schema;

HINGE_EXPORT const hinge_schema *hinge_table_schema(const hinge_table *t);

/* A metadata line above the header ("Device: Polar H10", "Sample rate,100
 * Hz"): its key and value as written (trimmed, quotes removed; key "" when
 * the line has no key) and its physical line. */
typedef struct hinge_meta_line {
  const char *key, *value;
  long line;
} hinge_meta_line;

/* Metadata; strings are NULL when unknown. *_from says where each came
 * from: "column", "metadata" (a line above the header), "file name",
 * "timestamp", "option" (hinge_table_set_meta) or NULL. */
typedef struct hinge_meta {
  const char *athlete, *date, *set, *exercise;
  double load_kg;      /* NaN when unknown */
  const char *athlete_from, *date_from;
  /* The absolute time of the first valid sample, ISO 8601 in UTC
   * ("2026-03-02T09:15:00.120Z"), when the time column holds epoch or ISO
   * 8601 times; NULL otherwise. */
  const char *start;
  double rate_hz;      /* the sample rate a metadata line states; NaN if none */
  size_t nlines;       /* the metadata lines above the header, in order */
  const hinge_meta_line *lines;
} hinge_meta;

HINGE_EXPORT const hinge_meta *hinge_table_meta(const hinge_table *t);
/* Set one metadata field the file could not give (src/io/table_meta.c):
 * key "athlete", "date" (a real YYYY-MM-DD), "set" or "exercise"; value
 * trimmed of spaces, non-empty, at most 256 bytes, no control character.
 * It replaces what the file said; athlete_from / date_from become
 * "option".  HINGE_EINVAL (err says why) leaves the table as it was. */
HINGE_EXPORT int hinge_table_set_meta(hinge_table *t, const char *key, const char *value,
                                      hinge_error *err);

/* Sampling, from the time column (or fs). */
typedef struct hinge_timing {
  double sample_rate_hz; /* fs if given, else 1 / median step */
  double detected_hz;    /* 1 / median step (NaN without a time column) */
  int fs_given;
  double median_step_s;
  double start_s, end_s; /* first and last valid time */
  double duration_s;
  size_t gaps;           /* steps > gap_factor x median */
  double longest_gap_s;  /* 0 when no gap */
  size_t duplicates;     /* rows dropped because their time repeats the row
                            before (docs/formats.md, "Duplicate timestamps") */
  size_t backwards;      /* negative steps (lenient loads only) */
  size_t irregular;      /* steps off the median by > 10 %, gaps excluded */
  size_t missing_time;   /* rows without a time */
  int fs_from_meta;      /* sample_rate_hz came from a metadata line (no time
                            column, no fs given) */
} hinge_timing;

HINGE_EXPORT const hinge_timing *hinge_table_timing(const hinge_table *t);

typedef struct hinge_gap {
  size_t row;          /* 0-based row after the gap */
  long line;           /* its physical line */
  double start_s, end_s;
} hinge_gap;

HINGE_EXPORT size_t hinge_table_gap_count(const hinge_table *t);
HINGE_EXPORT const hinge_gap *hinge_table_gap(const hinge_table *t, size_t i);

/* Warnings: what was odd but did not stop the load. */
typedef struct hinge_warning {
  const char *kind;    /* "gap", "duplicate_time", "duplicate_row",
                          "backwards_time", "irregular_sampling",
                          "missing_time", "bad_value", "ragged_row",
                          "empty_row", "metadata_varies", "mixed_decimal",
                          "text_column", "fs_mismatch", "rate_conflict",
                          "epoch_unit", "coarse_time", "duplicate_column" */
  long line;           /* first line concerned, 0 if none */
  long column;         /* 1-based column, 0 if none */
  size_t count;        /* how many times it happened */
  const char *message; /* a sentence */
} hinge_warning;

HINGE_EXPORT size_t hinge_table_warning_count(const hinge_table *t);
HINGE_EXPORT const hinge_warning *hinge_table_warning(const hinge_table *t, size_t i);
/* One warning as the sentence the CLI and the analysis results show:
 * "line 12, column 1: MESSAGE (3 times)" (the parts that are known), into
 * buf (truncated to size); returns the length it needed, as snprintf. */
HINGE_EXPORT int hinge_warning_format(const hinge_warning *w, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
