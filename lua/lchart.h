/*
 * lchart.h -- registration of hinge.chart (lchart.c) into the module
 * table at the top of the stack.
 */
#ifndef HINGE_LCHART_H
#define HINGE_LCHART_H

#include <lua.h>

void hinge__lua_open_chart(lua_State *L);

#endif
