#!/usr/bin/env python3
"""Builds the base of mailferry's container image as a `docker save` tar, from a jlink runtime.

    scripts/package-base-image.py RUNTIME_DIR OUTPUT_TAR

No registry can be reached from where mailferry is built, so the image starts from nothing
(like `FROM scratch`) and this one layer holds only what the Java runtime needs:

- the runtime at /usr/lib/mailferry/runtime (`java` on PATH, JAVA_HOME), files owned by root;
- the C libraries its programs and libraries link to (found with ldd on this machine, which is
  where the runtime was built) at the paths ldd names, and the dynamic loader;
- /etc/passwd and /etc/group with the user mailferry (uid and gid 10001, home /home/mailferry);
- /var/lib/mailferry (the state directory) and /archive (for archives), owned by mailferry,
  mode 0700: a volume created from the image inherits them; /tmp with mode 1777;
- glibc's C.UTF-8 locale (/usr/lib/locale/C.utf8, from Debian's libc-bin) and LANG=C.UTF-8, so
  that Java reads and writes file names and text as UTF-8 (without it: ASCII);
- environment: PATH, JAVA_HOME, LANG; user 10001:10001.

Jib (`mvn -Pdist package`, from scripts/package.sh) adds the application on top. Every entry has
a fixed owner and modification time, so the same runtime gives the same layer.
"""
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile

APP_UID = 10001
RUNTIME_IN_IMAGE = "usr/lib/mailferry/runtime"
LOCALE = "/usr/lib/locale/C.utf8"
MTIME = 1  # as Jib does for its layers: reproducible, and not the epoch some tools treat as unset


def elf_files(root):
    for dirpath, _, names in os.walk(root):
        for name in names:
            path = os.path.join(dirpath, name)
            if os.path.isfile(path) and not os.path.islink(path):
                with open(path, "rb") as f:
                    if f.read(4) == b"\x7fELF":
                        yield path


def shared_libraries(runtime):
    """The C libraries the runtime's ELF files need, outside the runtime, as absolute paths."""
    runtime = os.path.realpath(runtime)
    found = set()
    for path in elf_files(runtime):
        out = subprocess.run(["ldd", path], capture_output=True, text=True).stdout
        for line in out.splitlines():
            parts = line.split()
            if "=>" in parts:
                target = parts[parts.index("=>") + 1]
            elif parts and parts[0].startswith("/"):
                target = parts[0]  # the dynamic loader: "/lib64/ld-linux-x86-64.so.2 (0x...)"
            else:
                continue
            if target.startswith("/") and not os.path.realpath(target).startswith(runtime + os.sep):
                if "not found" in line:
                    sys.exit(f"package-base-image: {path} needs {parts[0]}, which is not installed")
                found.add(target)
    return sorted(found)


def info(name, kind=tarfile.DIRTYPE, mode=0o755, uid=0):
    ti = tarfile.TarInfo(name)
    ti.type = kind
    ti.mode = mode
    ti.uid = ti.gid = uid
    ti.uname = ti.gname = "mailferry" if uid == APP_UID else "root"
    ti.mtime = MTIME
    return ti


def add_dirs(tar, added, path, mode=0o755, uid=0):
    """Adds the parents of path, then path itself, each once."""
    parts = path.strip("/").split("/")
    for i in range(1, len(parts) + 1):
        name = "/".join(parts[:i])
        if name not in added:
            last = i == len(parts)
            tar.addfile(info(name, mode=mode if last else 0o755, uid=uid if last else 0))
            added.add(name)


def add_file(tar, added, name, data, mode=0o644):
    add_dirs(tar, added, os.path.dirname(name))
    ti = info(name, tarfile.REGTYPE, mode)
    ti.size = len(data)
    tar.addfile(ti, io.BytesIO(data))
    added.add(name)


def add_tree(tar, added, source, target):
    for dirpath, dirnames, names in os.walk(source):
        dirnames.sort()
        rel = os.path.relpath(dirpath, source)
        base = target if rel == "." else f"{target}/{rel}"
        add_dirs(tar, added, base, os.stat(dirpath).st_mode & 0o7777)
        for name in sorted(names):
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            if os.path.islink(path):
                ti = info(f"{base}/{name}", tarfile.SYMTYPE, 0o777)
                ti.linkname = os.readlink(path)
                tar.addfile(ti)
            else:
                ti = info(f"{base}/{name}", tarfile.REGTYPE, st.st_mode & 0o7777)
                ti.size = st.st_size
                with open(path, "rb") as f:
                    tar.addfile(ti, f)


def layer(runtime):
    buf = io.BytesIO()
    added = set()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        add_dirs(tar, added, "tmp", 0o1777)
        add_dirs(tar, added, "home/mailferry", 0o700, APP_UID)
        add_dirs(tar, added, "var/lib/mailferry", 0o700, APP_UID)
        add_dirs(tar, added, "archive", 0o700, APP_UID)
        add_file(tar, added, "etc/passwd", (
            "root:x:0:0:root:/root:/sbin/nologin\n"
            f"mailferry:x:{APP_UID}:{APP_UID}:mailferry:/home/mailferry:/sbin/nologin\n"
            "nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n").encode())
        add_file(tar, added, "etc/group", f"root:x:0:\nmailferry:x:{APP_UID}:\nnogroup:x:65534:\n".encode())
        for lib in shared_libraries(runtime):
            with open(lib, "rb") as f:
                add_file(tar, added, lib.lstrip("/"), f.read(), 0o755)
        if not os.path.isdir(LOCALE):
            sys.exit(f"package-base-image: {LOCALE} is missing (Debian's libc-bin installs it)")
        add_tree(tar, added, LOCALE, LOCALE.lstrip("/"))
        add_tree(tar, added, runtime, RUNTIME_IN_IMAGE)
    return buf.getvalue()


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    runtime, output = sys.argv[1], sys.argv[2]
    data = layer(runtime)
    diff_id = "sha256:" + hashlib.sha256(data).hexdigest()
    config = {
        "architecture": "amd64",
        "os": "linux",
        "created": "1970-01-01T00:00:01Z",
        "config": {
            "Env": [f"PATH=/{RUNTIME_IN_IMAGE}/bin:/usr/bin:/bin", f"JAVA_HOME=/{RUNTIME_IN_IMAGE}", "LANG=C.UTF-8"],
            "User": f"{APP_UID}:{APP_UID}",
            "WorkingDir": "/archive",
        },
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created": "1970-01-01T00:00:01Z", "created_by": "scripts/package-base-image.py"}],
    }
    config_data = json.dumps(config, indent=1).encode()
    manifest = [{"Config": "config.json", "RepoTags": ["mailferry-base:local"], "Layers": ["layer.tar"]}]
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    with tarfile.open(output + ".new", "w", format=tarfile.PAX_FORMAT) as out:
        for name, content in (("layer.tar", data), ("config.json", config_data),
                              ("manifest.json", json.dumps(manifest).encode())):
            ti = info(name, tarfile.REGTYPE, 0o644)
            ti.size = len(content)
            out.addfile(ti, io.BytesIO(content))
    os.replace(output + ".new", output)


if __name__ == "__main__":
    main()
