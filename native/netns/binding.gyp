{
  "targets": [
    {
      "target_name": "netns",
      "sources": ["netns.c", "sandbox.c", "netops.c", "mounts.c", "responder.c", "responder-napi.c", "answer-cache.c"],
      "defines": ["NAPI_VERSION=8"],
      "cflags": ["-Wall", "-Wextra", "-O2"]
    }
  ]
}
