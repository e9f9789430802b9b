/*
 * exercises.c -- the body regions hinge knows (names and aliases, the
 * closest one to a word it does not know) and which of them a named
 * exercise loads (the rules ask whether a session loaded a sore region).
 * Depends on nothing.
 */
#include <stddef.h>
#include <string.h>

#include "recovery_internal.h"

/* ---- Regions: names and aliases --------------------------------------------- */

/* Every region name hinge knows (docs/formats.md).  Those no exercise of
 * the map below loads (neck, knees, ...) are known words all the same: a
 * report of them is kept without a warning, and any training counts as
 * loading them. */
static const char *const known_regions[] = {
  "lower_back", "upper_back", "traps", "neck", "shoulders", "chest", "arms", "forearms",
  "elbows", "wrists", "abs", "hips", "hip_flexors", "glutes", "adductors", "hamstrings",
  "quads", "legs", "knees", "calves", "shins", "ankles", "feet", "full_body", "unspecified",
  NULL
};

/* Aliases (normalised: lower case, '_' for blanks and '-') -> region. */
static const char *const region_aliases[][2] = {
  {"upperback", "upper_back"}, {"thoracic", "upper_back"}, {"thoracic_spine", "upper_back"},
  {"mid_back", "upper_back"}, {"midback", "upper_back"}, {"middle_back", "upper_back"},
  {"rhomboids", "upper_back"}, {"lats", "upper_back"},
  {"trap", "traps"}, {"trapezius", "traps"}, {"upper_traps", "traps"},
  {"upper_trap", "traps"}, {"upper_trapezius", "traps"},
  {"lowerback", "lower_back"}, {"low_back", "lower_back"}, {"lowback", "lower_back"},
  {"lumbar", "lower_back"}, {"lumbar_spine", "lower_back"}, {"erectors", "lower_back"},
  {"spinal_erectors", "lower_back"},
  {"hamstring", "hamstrings"}, {"hams", "hamstrings"}, {"hammies", "hamstrings"},
  {"hammy", "hamstrings"},
  {"glute", "glutes"}, {"gluteus", "glutes"}, {"buttocks", "glutes"},
  {"quad", "quads"}, {"quadriceps", "quads"}, {"leg", "legs"},
  {"calf", "calves"}, {"shin", "shins"}, {"knee", "knees"}, {"ankle", "ankles"},
  {"foot", "feet"}, {"hip", "hips"}, {"hip_flexor", "hip_flexors"},
  {"groin", "adductors"}, {"adductor", "adductors"},
  {"shoulder", "shoulders"}, {"delts", "shoulders"}, {"deltoids", "shoulders"},
  {"pecs", "chest"}, {"pec", "chest"}, {"arm", "arms"}, {"biceps", "arms"},
  {"triceps", "arms"}, {"forearm", "forearms"}, {"elbow", "elbows"}, {"wrist", "wrists"},
  {"core", "abs"}, {"abdominals", "abs"},
  {"whole_body", "full_body"}, {"fullbody", "full_body"}, {"general", "full_body"},
  {NULL, NULL}
};

const char *hinge__region_canonical(const char *word) {
  size_t i;
  for (i = 0; region_aliases[i][0] != NULL; i++)
    if (strcmp(word, region_aliases[i][0]) == 0) return region_aliases[i][1];
  for (i = 0; known_regions[i] != NULL; i++)
    if (strcmp(word, known_regions[i]) == 0) return known_regions[i];
  return NULL;
}

const char *hinge__region_closest(const char *word) {
  const char *best = known_regions[0];
  size_t i, d, bestd = (size_t)-1;
  for (i = 0; known_regions[i] != NULL; i++)
    if ((d = hinge__edit_distance(word, known_regions[i], bestd)) < bestd) {
      bestd = d;
      best = known_regions[i];
    }
  for (i = 0; region_aliases[i][0] != NULL; i++)
    if ((d = hinge__edit_distance(word, region_aliases[i][0], bestd)) < bestd) {
      bestd = d;
      best = region_aliases[i][1];
    }
  return best;
}

/* ---- Exercises and the regions they load -------------------------------- */

static const char *const deadlift_regions[] = {"lower_back", "upper_back", "traps",
                                               "hamstrings", "glutes", "legs", "full_body",
                                               NULL};
static const char *const squat_regions[] = {"legs", "quads", "glutes", "lower_back",
                                            "full_body", NULL};
static const char *const hinge_regions[] = {"hamstrings", "glutes", "lower_back",
                                            "full_body", NULL};
static const char *const pull_regions[] = {"upper_back", "traps", "arms", "full_body", NULL};
static const char *const shrug_regions[] = {"traps", "upper_back", "full_body", NULL};
static const char *const press_regions[] = {"chest", "shoulders", "arms", "full_body", NULL};
static const char *const leg_regions[] = {"legs", "quads", "calves", "glutes", "full_body",
                                          NULL};
static const char *const glute_regions[] = {"glutes", "hamstrings", "full_body", NULL};
static const char *const other_regions[] = {"full_body", NULL};

/* Matched as lower-case substrings of the exercise name, first match wins,
 * so specific names come before general ones. */
static const struct {
  const char *word;
  const char *const *regions;
  int deadlift;
} exercises[] = {
  {"romanian", hinge_regions, 0},  {"rdl", hinge_regions, 0},
  {"stiff leg", hinge_regions, 0}, {"good morning", hinge_regions, 0},
  {"back extension", hinge_regions, 0}, {"hyperextension", hinge_regions, 0},
  {"deadlift", deadlift_regions, 1}, {"rack pull", deadlift_regions, 1},
  {"clean", deadlift_regions, 0},  {"snatch", deadlift_regions, 0},
  {"squat", squat_regions, 0},     {"lunge", leg_regions, 0},
  {"leg press", leg_regions, 0},   {"split squat", leg_regions, 0},
  {"step up", leg_regions, 0},     {"leg extension", leg_regions, 0},
  {"leg curl", glute_regions, 0},  {"hip thrust", glute_regions, 0},
  {"glute", glute_regions, 0},     {"shrug", shrug_regions, 0},
  {"row", pull_regions, 0},        {"pull up", pull_regions, 0},
  {"pullup", pull_regions, 0},
  {"chin", pull_regions, 0},       {"pulldown", pull_regions, 0},
  {"face pull", pull_regions, 0},  {"rear delt", pull_regions, 0},
  {"bench", press_regions, 0},     {"press", press_regions, 0},
  {"dip", press_regions, 0},       {"push up", press_regions, 0},
  {"curl", pull_regions, 0},       {"calf", leg_regions, 0},
  {NULL, NULL, 0}
};

/* Every region some exercise loads: a soreness region outside this list
 * ("neck", "forearms") is one hinge cannot map, so any training counts. */
static const char *const *const region_lists[] = {
  deadlift_regions, squat_regions, hinge_regions, pull_regions, shrug_regions,
  press_regions, leg_regions, glute_regions, NULL
};

int hinge__region_known(const char *region) {
  size_t i, k;
  for (i = 0; region_lists[i] != NULL; i++)
    for (k = 0; region_lists[i][k] != NULL; k++)
      if (strcmp(region_lists[i][k], region) == 0) return 1;
  return 0;
}

/* Case-insensitive substring test ('_' and '-' in the name read as ' '). */
static int contains(const char *name, const char *word) {
  size_t i, j;
  for (i = 0; name[i] != '\0'; i++) {
    for (j = 0; word[j] != '\0'; j++) {
      char c = name[i + j];
      if (c == '_' || c == '-') c = ' ';
      if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
      if (c != word[j]) break;
    }
    if (word[j] == '\0') return 1;
  }
  return 0;
}

/* "DL" alone is the usual shorthand for the deadlift. */
static int is_dl(const char *name) {
  while (*name == ' ') name++;
  return (name[0] == 'd' || name[0] == 'D') && (name[1] == 'l' || name[1] == 'L') &&
         (name[2] == '\0' || name[2] == ' ');
}

const char *const *hinge__exercise_regions(const char *exercise, int *deadlift) {
  size_t k;
  if (is_dl(exercise)) {
    if (deadlift != NULL) *deadlift = 1;
    return deadlift_regions;
  }
  for (k = 0; exercises[k].word != NULL; k++)
    if (contains(exercise, exercises[k].word)) {
      if (deadlift != NULL) *deadlift = exercises[k].deadlift;
      return exercises[k].regions;
    }
  if (deadlift != NULL) *deadlift = 0;
  return other_regions;
}
