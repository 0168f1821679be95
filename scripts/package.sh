#!/usr/bin/env bash
# Builds the ways to install mailferry without building it, into target/dist/:
#
#   mailferry-VERSION.tar.gz          bin/mailferry (needs Java 17 or newer), lib/, man pages, bash
#                                     and zsh completion, README
#   mailferry_VERSION_amd64.deb       /usr/bin/mailferry with a Java runtime of its own (jlink), man
#                                     pages, completion: `apt install ./mailferry_VERSION_amd64.deb`
#   mailferry-VERSION-image.tar       container image (Jib, no Docker daemon): `podman load -i ...`
#
# VERSION is the Maven version; in the .deb a -SNAPSHOT version becomes ~SNAPSHOT (sorts before the
# release). Needs JDK 17 (jlink, jpackage), Maven, Python 3, dpkg and Debian's asciidoctor and
# fakeroot (installed when missing, as root). Prints how long each step took.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
dist="$root/target/dist"
started=$SECONDS

step_start=$SECONDS
step() { # step NAME: says which step starts and times it
  echo "package: $1" >&2
  step_start=$SECONDS
}
took() {
  echo "package: ... $(( SECONDS - step_start )) s" >&2
}

need=()
command -v asciidoctor >/dev/null || need+=(asciidoctor)
command -v fakeroot >/dev/null || need+=(fakeroot)
if ((${#need[@]})); then
  [ "$(id -u)" = 0 ] || { echo "package: install ${need[*]} first (apt-get install ${need[*]})" >&2; exit 1; }
  step "installing ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=300 "${need[@]}" >/dev/null
  took
fi
jdk_bin="$(dirname "$(readlink -f "$(command -v javac)")")"
mkdir -p "$dist"

# 1. The Java runtime of the .deb and the image: only the modules mailferry uses (jdeps of the jar
# and its libraries, plus the ones loaded by name at run time: EC for TLS, charsets, zipfs, DNS),
# with a default class-data-sharing archive, without the desktop libraries that pull in X11, fonts
# and sound (java.desktop stays for java.beans, which Spring uses). Reused while the JDK and this
# list are the same.
modules=java.base,java.compiler,java.desktop,java.instrument,java.net.http,java.prefs,java.scripting,java.security.sasl,java.sql.rowset,jdk.httpserver,jdk.jfr,jdk.management,jdk.unsupported,jdk.crypto.ec,jdk.charsets,jdk.zipfs,jdk.naming.dns,jdk.net
runtime="$dist/runtime"
desktop_libs=(libawt_xawt libjawt libsplashscreen libfontmanager libjavajpeg liblcms libjsound)
runtime_key="$("$jdk_bin/java" -version 2>&1 | tr '\n' ' ') $modules ${desktop_libs[*]}"
if [ "$(cat "$runtime.key" 2>/dev/null)" != "$runtime_key" ]; then
  step "jlink runtime"
  rm -rf "$runtime"
  "$jdk_bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --output "$runtime"
  for lib in "${desktop_libs[@]}"; do rm -f "$runtime/lib/$lib.so"; done
  "$runtime/bin/java" -Xshare:dump >/dev/null
  printf '%s' "$runtime_key" > "$runtime.key"
  took
fi

# 2. The image's base (the runtime, its C libraries, a mailferry user) and its JVM options (the
# launcher's, as a java argument file: the image has no shell).
step "container base image"
python3 scripts/package-base-image.py "$runtime" "$dist/base-image.tar"
mkdir -p "$dist/image-extra/app"
MAILFERRY_PRINT_JVM_OPTIONS=1 scripts/mailferry > "$dist/image-extra/app/jvm.options"
took

# 3. One Maven build: the jar, the man pages (AsciiDoc) and bash completion generated from the
# commands, and the image (Jib, to a tar).
step "maven: jar, man pages, completion, image"
mvn -B -q -Dmaven.test.skip=true -Pdist -Djib.disableUpdateChecks=true package
version="$(sed -n 's/^build.version=//p' target/classes/META-INF/build-info.properties)"
# picocli's generators report a failure without failing the build: check what they made.
[ -s "$dist/mailferry.bash" ] && [ -s "$dist/man-adoc/mailferry-backup.adoc" ] \
  || { echo "package: picocli-codegen made no completion script or man pages (see the Maven output)" >&2; exit 1; }
took

# 4. Man pages as troff, gzipped; zsh completion from the bash one (zsh runs it through
# bashcompinit; the file completes the first [TAB] too).
step "man pages and zsh completion"
rm -rf "$dist/share"
mkdir -p "$dist/share/man/man1" "$dist/share/bash-completion/completions" "$dist/share/zsh/vendor-completions"
asciidoctor -b manpage -D "$dist/share/man/man1" "$dist"/man-adoc/*.adoc
gzip -9n "$dist"/share/man/man1/*.1
cp "$dist/mailferry.bash" "$dist/share/bash-completion/completions/mailferry"
{
  echo "#compdef mailferry"
  echo "# zsh completion for mailferry: picocli's generated completion, run by zsh's bashcompinit."
  echo "# compopt only tunes how bash shows matches; zsh has none (an alias defined below comes too late)."
  echo "compopt() { return 0; }"
  cat "$dist/mailferry.bash"
  echo "_bash_complete -o default -F _complete_mailferry"
} > "$dist/share/zsh/vendor-completions/_mailferry"
took

# 5. The tarball: PREFIX-style tree under mailferry-VERSION/ (bin/ can go on PATH as it is; man
# finds share/man beside it).
step "tarball"
tree="$dist/tarball/mailferry-$version"
rm -rf "$dist/tarball"
install -d "$tree/bin" "$tree/lib/mailferry" "$tree/share/zsh/site-functions"
install -m 0755 scripts/mailferry "$tree/bin/mailferry"
install -m 0644 target/mailferry.jar "$tree/lib/mailferry/mailferry.jar"
cp -r "$dist/share/man" "$dist/share/bash-completion" "$tree/share/"
cp "$dist/share/zsh/vendor-completions/_mailferry" "$tree/share/zsh/site-functions/"
cp README.md "$tree/"
cp LICENSE "$tree/"
tar -C "$dist/tarball" --owner=0 --group=0 --numeric-owner --sort=name -czf "$dist/mailferry-$version.tar.gz" "mailferry-$version"
took

# 6. The Debian package: jpackage lays out /usr/bin and /usr/lib/mailferry/{app,runtime} and
# computes the dependencies of the runtime's libraries; its native launcher is replaced by the
# mailferry launcher (fast start, tuned options), then the package is opened once to add the man
# pages, completion and documentation (jpackage has no place for them) and packed with gzip (xz
# took 7 times as long for an 11% smaller file).
step "debian package"
deb_version="${version/-SNAPSHOT/~SNAPSHOT}"
work="$dist/deb-work"
rm -rf "$work" "$dist"/mailferry_*.deb
mkdir -p "$work/input"
cp target/mailferry.jar "$work/input/"
"$jdk_bin/jpackage" --type app-image --name mailferry --app-version "${version%%-*}" --input "$work/input" \
  --main-jar mailferry.jar --runtime-image "$runtime" --dest "$work/image"
install -m 0755 scripts/mailferry "$work/image/mailferry/bin/mailferry"
DPKG_DEB_COMPRESSOR_TYPE=none "$jdk_bin/jpackage" --type deb --app-image "$work/image/mailferry" --name mailferry \
  --app-version "${version%%-*}" --install-dir /usr --linux-package-name mailferry --linux-app-release 1 \
  --description "Back up, restore and migrate mailboxes over IMAP, resumably" --vendor "mailferry developers" \
  --linux-deb-maintainer noreply@mailferry.invalid --linux-app-category mail --dest "$work/jpackage" \
  --license-file LICENSE --copyright "Copyright the mailferry developers; Apache License 2.0"
pkg="$work/pkg"
dpkg-deb -R "$work"/jpackage/*.deb "$pkg"
# What only the native launcher used.
rm -rf "$pkg/usr/lib/mailferry/lib" "$pkg/usr/lib/mailferry/libapplauncher.so" "$pkg/usr/lib/mailferry/mailferry.png" \
       "$pkg/usr/lib/mailferry/app/mailferry.cfg" "$pkg/usr/lib/mailferry/app/.jpackage.xml"
install -d "$pkg/usr/share/man/man1" "$pkg/usr/share/bash-completion/completions" "$pkg/usr/share/zsh/vendor-completions"
install -m 0644 "$dist"/share/man/man1/*.1.gz "$pkg/usr/share/man/man1/"
install -m 0644 "$dist/share/bash-completion/completions/mailferry" "$pkg/usr/share/bash-completion/completions/"
install -m 0644 "$dist/share/zsh/vendor-completions/_mailferry" "$pkg/usr/share/zsh/vendor-completions/"
install -m 0644 README.md "$pkg/usr/share/doc/mailferry/README.md"
install -m 0644 LICENSE "$pkg/usr/share/doc/mailferry/LICENSE"
# The systemd units, pointing at the packaged launcher (enabled by the administrator, see their header).
install -d "$pkg/usr/lib/systemd/system"
for unit in scripts/systemd/*.service scripts/systemd/*.timer; do
  sed -e 's|/usr/local/bin/mailferry|/usr/bin/mailferry|g' -e '\#scripts/install.sh\|install -m 644 scripts/systemd#d' "$unit" > "$pkg/usr/lib/systemd/system/${unit##*/}"
  chmod 0644 "$pkg/usr/lib/systemd/system/${unit##*/}"
done
# jpackage names libc6 without a version: the newest glibc symbol version the runtime uses is the least it needs.
glibc="$(grep -aohE 'GLIBC_2\.[0-9]+' -r "$runtime" | sort -uV | tail -n 1)"
sed -i -e "s/^Version: .*/Version: $deb_version/" -e "s/^\(Depends:.*\)\blibc6\b/\1libc6 (>= ${glibc#GLIBC_})/" \
       -e "s/^Installed-Size: .*/Installed-Size: $(du -sk --exclude=DEBIAN "$pkg" | cut -f1)/" "$pkg/DEBIAN/control"
(cd "$pkg" && find usr -type f -print0 | sort -z | xargs -0 md5sum > DEBIAN/md5sums)
fakeroot dpkg-deb -Zgzip -z6 -b "$pkg" "$dist/mailferry_${deb_version}_amd64.deb" >/dev/null
took

rm -rf "$work"
echo "package: done in $(( SECONDS - started )) s:" >&2
ls -l "$dist/mailferry-$version.tar.gz" "$dist/mailferry_${deb_version}_amd64.deb" "$dist/mailferry-$version-image.tar" >&2
