/*
 * batch.c -- inputs expanded from folders, and the pool that works on
 * them in parallel while the calling thread writes in input order (see
 * batch.h).
 *
 * The pool: item i is claimed by a worker only while i < written +
 * window, so at most `window` results wait to be written (a slow file
 * holds the others back instead of letting them pile up); the results sit
 * in a ring of `window` slots, slot i % window owned by the worker that
 * claimed i until it marks it done, then by the writer until it is
 * emitted.  Everything shared is read and written under one mutex.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"

#define MAX_JOBS 256
#define PROGRESS_EVERY_S 0.1
#define PROGRESS_NAME_MAX 60

/* ------------------------------------------------------------ inputs */

static char *dup_str(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d != NULL) memcpy(d, s, n);
  return d;
}

int batch_is_session_name(const char *name) { return hinge_session_file_name(name); }

/* The library's expansion (io/paths.c), copied into the CLI's list. */
int batch_expand(const char *const *args, size_t nargs, batch_list *out) {
  hinge_session_paths *l = NULL;
  hinge_error err;
  size_t i, n;
  memset(out, 0, sizeof *out);
  if (hinge_session_paths_expand(args, nargs, NULL, &l, &err) != HINGE_OK) {
    fprintf(stderr, "hinge: %s\n", err.message);
    return -1;
  }
  n = hinge_session_paths_count(l);
  out->folders = hinge_session_paths_folders(l);
  if (n > 0 && (out->items = calloc(n, sizeof *out->items)) == NULL) goto oom;
  out->cap = n;
  for (i = 0; i < n; i++) {
    const char *e = hinge_session_paths_error(l, i);
    out->items[i].path = dup_str(hinge_session_paths_path(l, i));
    out->items[i].error = e != NULL ? dup_str(e) : NULL;
    out->n = i + 1;
    if (out->items[i].path == NULL || (e != NULL && out->items[i].error == NULL)) goto oom;
  }
  hinge_session_paths_free(l);
  return 0;
oom:
  hinge_session_paths_free(l);
  batch_list_free(out);
  fprintf(stderr, "hinge: out of memory listing the inputs\n");
  return -1;
}

void batch_list_free(batch_list *l) {
  size_t i;
  for (i = 0; i < l->n; i++) {
    free(l->items[i].path);
    free(l->items[i].error);
  }
  free(l->items);
  memset(l, 0, sizeof *l);
}

int batch_default_jobs(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (int)n;
}

/* ---------------------------------------------------------- progress */

typedef struct progress {
  int on;
  size_t n;
  double last; /* when it was last drawn (monotonic seconds) */
  int width;   /* characters on the line now */
} progress;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void progress_clear(progress *p) {
  if (p->on && p->width > 0) fprintf(stderr, "\r%*s\r", p->width, "");
  p->width = 0;
}

/* "[k/n] name", at most every PROGRESS_EVERY_S, the name's tail when long;
 * spaces over what a longer line left. */
static void progress_show(progress *p, size_t k, const char *name) {
  char line[PROGRESS_NAME_MAX + 64];
  size_t len;
  int w;
  double t;
  if (!p->on || name == NULL || (t = now_s()) - p->last < PROGRESS_EVERY_S) return;
  p->last = t;
  len = strlen(name);
  if (len > PROGRESS_NAME_MAX) name += len - (PROGRESS_NAME_MAX - 3);
  w = snprintf(line, sizeof line, "[%zu/%zu] %s%s", k, p->n, len > PROGRESS_NAME_MAX ? "..." : "",
               name);
  if (w < 0) return;
  if (w >= (int)sizeof line) w = (int)sizeof line - 1;
  fprintf(stderr, "\r%s%*s", line, w < p->width ? p->width - w : 0, "");
  if (w > p->width) p->width = w;
  fflush(stderr);
}

/* -------------------------------------------------------------- pool */

typedef struct slot {
  void *result;
  char *note; /* stderr text from the work, printed in order */
  hinge_error err;
  int rc;
  int done;
} slot;

typedef struct pool {
  const batch_run *run;
  pthread_mutex_t mu;
  pthread_cond_t work_cv; /* a slot was freed, or stop */
  pthread_cond_t done_cv; /* an item is done */
  slot *ring;
  size_t window;
  size_t next, written, finished;
  const char *last; /* the last finished item's name */
  int stop;
  progress prog;
} pool;

/* Report item i's outcome and emit it; 1 when the run should stop. */
static int deliver(pool *p, size_t i, slot *s, batch_status *st) {
  const batch_run *r = p->run;
  int stop = 0;
  if (s->note != NULL) {
    progress_clear(&p->prog);
    fputs(s->note, stderr);
    free(s->note);
    s->note = NULL;
  }
  if (s->rc != HINGE_OK) {
    st->failed++;
    progress_clear(&p->prog);
    cli_data_error(&s->err);
    if (r->fail_fast) stop = 1;
    else stop = r->emit(r->ctx, i, NULL, &s->err) != 0;
  } else {
    stop = r->emit(r->ctx, i, s->result, NULL) != 0;
  }
  if (s->result != NULL) r->release(s->result);
  s->result = NULL;
  s->done = 0;
  if (!stop) st->emitted++;
  st->stopped |= stop;
  return stop;
}

static void run_item(const batch_run *r, size_t i, slot *s) {
  s->result = NULL;
  s->note = NULL;
  hinge_error_clear(&s->err);
  s->rc = r->work(r->ctx, i, &s->result, &s->note, &s->err);
  if (s->rc != HINGE_OK && s->result != NULL) {
    r->release(s->result);
    s->result = NULL;
  }
}

/* jobs 1: each item worked on and emitted in turn. */
static void run_serial(pool *p, batch_status *st) {
  size_t i;
  for (i = 0; i < p->run->n; i++) {
    run_item(p->run, i, &p->ring[0]);
    progress_show(&p->prog, i + 1, p->run->names[i]);
    if (deliver(p, i, &p->ring[0], st)) break;
  }
}

static void *worker(void *arg) {
  pool *p = arg;
  size_t i;
  pthread_mutex_lock(&p->mu);
  for (;;) {
    while (!p->stop && p->next < p->run->n && p->next >= p->written + p->window)
      pthread_cond_wait(&p->work_cv, &p->mu);
    if (p->stop || p->next >= p->run->n) break;
    i = p->next++;
    pthread_mutex_unlock(&p->mu);
    run_item(p->run, i, &p->ring[i % p->window]);
    pthread_mutex_lock(&p->mu);
    p->ring[i % p->window].done = 1;
    p->finished++;
    p->last = p->run->names[i];
    if (i == p->written) pthread_cond_signal(&p->done_cv); /* the one it waits for */
  }
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

/* Wait for item i, drawing progress meanwhile. */
static void wait_for(pool *p, size_t i) {
  struct timespec ts;
  pthread_mutex_lock(&p->mu);
  while (!p->ring[i % p->window].done) {
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_nsec += (long)(PROGRESS_EVERY_S * 1e9);
    if (ts.tv_nsec >= 1000000000L) {
      ts.tv_sec++;
      ts.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&p->done_cv, &p->mu, &ts);
    progress_show(&p->prog, p->finished, p->last);
  }
  progress_show(&p->prog, p->finished, p->last);
  pthread_mutex_unlock(&p->mu);
}

/* The writer's side: items in order as they are done. */
static void run_ordered(pool *p, batch_status *st) {
  size_t i;
  int stop = 0;
  for (i = 0; i < p->run->n && !stop; i++) {
    wait_for(p, i);
    stop = deliver(p, i, &p->ring[i % p->window], st);
    pthread_mutex_lock(&p->mu);
    p->written = i + 1;
    p->stop |= stop;
    pthread_cond_broadcast(&p->work_cv);
    pthread_mutex_unlock(&p->mu);
  }
}

static int init_sync(pool *p) {
  pthread_condattr_t ca;
  int ok = pthread_condattr_init(&ca) == 0;
  ok = ok && pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) == 0;
  ok = ok && pthread_mutex_init(&p->mu, NULL) == 0;
  ok = ok && pthread_cond_init(&p->work_cv, NULL) == 0;
  ok = ok && pthread_cond_init(&p->done_cv, &ca) == 0;
  pthread_condattr_destroy(&ca);
  return ok;
}

/* Start the workers, write, join; 0 when no thread could start. */
static int run_threads(pool *p, batch_status *st) {
  pthread_t *th = calloc((size_t)p->run->jobs, sizeof *th);
  int k, made = 0;
  size_t i;
  if (th == NULL || !init_sync(p)) {
    free(th);
    return 0;
  }
  for (k = 0; k < p->run->jobs; k++)
    if (pthread_create(&th[made], NULL, worker, p) == 0) made++;
  if (made > 0) run_ordered(p, st);
  for (k = 0; k < made; k++) pthread_join(th[k], NULL);
  for (i = 0; i < p->window; i++) { /* results left when the run stopped */
    if (p->ring[i].result != NULL) p->run->release(p->ring[i].result);
    free(p->ring[i].note);
  }
  pthread_cond_destroy(&p->work_cv);
  pthread_cond_destroy(&p->done_cv);
  pthread_mutex_destroy(&p->mu);
  free(th);
  return made > 0;
}

void batch_go(const batch_run *run, batch_status *st) {
  pool p;
  batch_run r = *run;
  size_t jobs = run->jobs < 1 ? 1 : (size_t)run->jobs;
  memset(st, 0, sizeof *st);
  memset(&p, 0, sizeof p);
  if (jobs > run->n) jobs = run->n;
  p.run = run;
  p.window = jobs > 1 ? 4 * jobs : 1;
  p.prog.on = run->progress;
  p.prog.n = run->n;
  p.prog.last = 0; /* the first line at once, then at most every PROGRESS_EVERY_S */
  if ((p.ring = calloc(p.window, sizeof *p.ring)) == NULL) {
    fprintf(stderr, "hinge: out of memory\n");
    st->error = CLI_EDATA;
    return;
  }
  if (jobs > 1) {
    r.jobs = (int)jobs;
    p.run = &r;
    if (!run_threads(&p, st)) {
      p.window = 1; /* no thread: in this one */
      p.run = run;
      run_serial(&p, st);
    }
  } else {
    run_serial(&p, st);
  }
  progress_clear(&p.prog);
  free(p.ring);
}
