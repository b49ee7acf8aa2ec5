#ifndef ALBO_CLMDB_SHIM_H
#define ALBO_CLMDB_SHIM_H
#include <lmdb.h>
#endif
