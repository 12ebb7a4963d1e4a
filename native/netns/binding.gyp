{
  "targets": [
    {
      "target_name": "netns",
      "sources": ["netns.c", "sandbox.c", "netops.c", "mounts.c"],
      "defines": ["NAPI_VERSION=8"],
      "cflags": ["-Wall", "-Wextra", "-O2"]
    }
  ]
}
