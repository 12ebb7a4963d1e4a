/* mounts.c's part of the module: mountOverlay, unmount. */
#ifndef BERTH_MOUNTS_H
#define BERTH_MOUNTS_H

#include <node_api.h>

napi_status register_mount_functions(napi_env env, napi_value exports);

#endif
