/* layout.fnlen_fixture: a binding function of 16 body lines (must fail). */
static int l_too_long(lua_State *L) {
  int a = 1;
  a++;
  a++;
  a++;
  a++;
  a++;
  a++;
  a++;
  a++;
  a++;
  a++;
  a++;
  a++;
  a++;
  lua_pushinteger(L, a);
  return 1;
}
