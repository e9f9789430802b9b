/* lembed.h -- the pure-Lua modules compiled into the binding. */
#ifndef HINGE_LEMBED_H
#define HINGE_LEMBED_H
#include <stddef.h>

typedef struct hinge__lua_embedded {
  const char *name;      /* module name, "hinge.fmt" */
  const char *chunkname; /* "@lua/hinge/fmt.lua", for error messages */
  const char *source;
  size_t size;
} hinge__lua_embedded;

/* Terminated by an entry whose name is NULL (generated at build time). */
extern const hinge__lua_embedded hinge__lua_modules[];

#endif
