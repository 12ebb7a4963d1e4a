/* sandbox.c's part of the module: createNetns, deleteNetns, configureNetns. */
#ifndef BERTH_SANDBOX_H
#define BERTH_SANDBOX_H

#include <node_api.h>

napi_status register_sandbox_functions(napi_env env, napi_value exports);

#endif
