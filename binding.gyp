{
  "targets": [
    {
      "target_name": "ptools",
      "sources": [
        "native/addon.cc",
        "native/sysconf.cc",
        "native/users.cc",
        "native/fdscan.cc",
        "native/net.cc",
        "native/names.cc",
        "native/sockets.cc",
        "native/procscan.cc",
        "native/procinfo.cc",
        "native/scan.cc",
        "native/wait.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "dependencies": ["<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except"],
      "cflags_cc": ["-std=c++17", "-O2", "-Wall", "-Wextra"]
    }
  ]
}
