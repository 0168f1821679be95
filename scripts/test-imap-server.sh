#!/usr/bin/env bash
# test-imap-server.sh — a private Dovecot on 127.0.0.1 for mailferry's tests, demo and benchmark.
#
# Usage:
#   scripts/test-imap-server.sh start                 start (idempotent), write DIR/env and DIR/env.json
#   scripts/test-imap-server.sh stop                  stop both Dovecot instances
#   scripts/test-imap-server.sh status                exit 0 if both instances answer, 3 otherwise
#   scripts/test-imap-server.sh env                   print DIR/env
#   scripts/test-imap-server.sh reset USER            empty USER's whole mailbox (all folders)
#   scripts/test-imap-server.sh serve-maildir NAME PATH [--in-place] [--layout fs|maildir++]
#                                                     add user NAME whose mail is the Maildir tree PATH
#   scripts/test-imap-server.sh serve-copies PREFIX COUNT PATH
#                                                     add users PREFIX001.. each with a copy of PATH
#
# DIR is $MAILFERRY_TEST_DIR, by default this checkout's own (/tmp/mailferry-<checkout hash>/imap, see
# scripts/test-dirs.sh): each checkout has its own server and ports. Nothing outside DIR is written, apart from
# installing dovecot-imapd with apt when it is missing. The system's /etc/dovecot and any running
# system Dovecot are never touched: every command passes `-c DIR/dovecot*.conf`.
#
# Two Dovecot instances run (a `local` filter in Dovecot 2.3 matches an IP, not a port, so one
# instance cannot serve two certificates on 127.0.0.1):
#   main       IMAPS (implicit TLS) + IMAP with STARTTLS, certificate for localhost/127.0.0.1
#   wrongname  IMAPS only, certificate for "wrong.example" (signed by the good certificate, so a
#              client that trusts CERT fails on the host name only, not on the chain)
# Both share the same users and mail directories.
#
# Users (password in DIR/passwords/USER, mode 0600, random, stable across restarts):
#   user01..user80  ordinary accounts, one per test class
#   sepdot sepdot2 sepdot3  their namespace separator is "." instead of "/"
#   nsprefix        personal namespace prefix "INBOX." with separator "." (Cyrus, Courier):
#                   NAMESPACE (("INBOX." ".")) NIL NIL, folders listed as INBOX.Sent, INBOX.a.b
#   small small2    APPEND of a message over 1 MiB is refused (quota plugin quota_max_mail_size)
#   (several of a kind so that test classes running at the same time never share a user)
#
# DIR/env (and DIR/env.json): HOST IMAPS_PORT IMAP_PORT(STARTTLS) IMAPS_WRONGNAME_PORT CERT
# WRONGNAME_CERT PASSWORD_DIR MAIL_DIR DOVECOT_CONF DOVECOT_WRONGNAME_CONF DOVECOT_LOG.
# Mail is Maildir under MAIL_DIR/<user>/Maildir, owned by 'mail' (uid/gid 8). Capabilities include
# CONDSTORE QRESYNC UIDPLUS MULTIAPPEND LITERAL+ MOVE SPECIAL-USE COMPRESS=DEFLATE QUOTA; the
# special-use folders Drafts Junk Trash Sent Archive are created at login. Failed logins answer
# after ~0.5 s and never slow down later logins (auth penalty disabled).
set -euo pipefail

# shellcheck source=test-dirs.sh
. "$(dirname "${BASH_SOURCE[0]}")/test-dirs.sh"
DIR="$MAILFERRY_TEST_DIR"
CONF="$DIR/dovecot.conf"                   # main instance
CONF_WRONG="$DIR/dovecot-wrongname.conf"   # second instance (wrong-name certificate)
PASSWD_FILE="$DIR/users.passwd"            # passwd-file used as passdb and userdb
USERS_DIR="$DIR/users.d"                   # one file per user: extra userdb fields (may be empty)
PASSWORD_DIR="$DIR/passwords"
MAIL_DIR="$DIR/mail"
TLS_DIR="$DIR/tls"
LOG="$DIR/dovecot.log"
ORDINARY_USERS=$(seq -f 'user%02g' 1 80)

die() { echo "test-imap-server: error: $*" >&2; exit 1; }
info() { echo "test-imap-server: $*" >&2; }

# ---------------------------------------------------------------------------------------------
# Installation
# ---------------------------------------------------------------------------------------------
ensure_installed() {
  local missing=()
  command -v dovecot >/dev/null 2>&1 || missing+=(dovecot-imapd)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v ss >/dev/null 2>&1 || missing+=(iproute2)
  if ((${#missing[@]})); then
    [[ $(id -u) == 0 ]] || die "missing ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}"
    info "installing ${missing[*]} with apt-get"
    # Debian's postinst may try to start the system Dovecot; without systemd/init that is harmless.
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=300 "${missing[@]}" >&2
  fi
  getent passwd mail >/dev/null || die "no 'mail' user on this system (uid 8 expected)"
  getent passwd dovenull >/dev/null || die "no 'dovenull' user: is dovecot-core installed correctly?"
}

# ---------------------------------------------------------------------------------------------
# Ports: reuse the previous ones when still free, otherwise pick random free ones.
# ---------------------------------------------------------------------------------------------
port_in_use() { ss -Htln "sport = :$1" 2>/dev/null | grep -q .; }

pick_port() {
  local p tries=0
  while ((tries++ < 200)); do
    p=$((20000 + RANDOM % 40000))
    # skip ports in use and the ones already picked in this run (listed in $PICKED)
    port_in_use "$p" || [[ " ${PICKED:-} " == *" $p "* ]] || { echo "$p"; return; }
  done
  die "could not find a free TCP port"
}

choose_ports() {
  PICKED=""
  local old_imaps="" old_imap="" old_wrong=""
  if [[ -f "$DIR/ports" ]]; then
    read -r old_imaps old_imap old_wrong <"$DIR/ports" || true
  fi
  if [[ -n "$old_imaps" && -n "$old_imap" && -n "$old_wrong" ]] \
     && ! port_in_use "$old_imaps" && ! port_in_use "$old_imap" && ! port_in_use "$old_wrong"; then
    IMAPS_PORT=$old_imaps IMAP_PORT=$old_imap IMAPS_WRONGNAME_PORT=$old_wrong
  else
    IMAPS_PORT=$(pick_port); PICKED="$IMAPS_PORT"
    IMAP_PORT=$(pick_port); PICKED="$PICKED $IMAP_PORT"
    IMAPS_WRONGNAME_PORT=$(pick_port)
  fi
  echo "$IMAPS_PORT $IMAP_PORT $IMAPS_WRONGNAME_PORT" >"$DIR/ports"
}

# ---------------------------------------------------------------------------------------------
# Certificates
# ---------------------------------------------------------------------------------------------
make_certs() {
  mkdir -p "$TLS_DIR"; chmod 755 "$TLS_DIR"
  if [[ ! -s "$TLS_DIR/cert.pem" || ! -s "$TLS_DIR/key.pem" ]]; then
    info "generating self-signed certificate for localhost/127.0.0.1"
    # CA:TRUE so that it can also sign the wrong-name certificate below; it is still an ordinary
    # self-signed server certificate for clients that pin it as their only trust anchor.
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 \
      -keyout "$TLS_DIR/key.pem" -out "$TLS_DIR/cert.pem" -subj "/CN=localhost" \
      -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
      -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign" \
      -addext "extendedKeyUsage=serverAuth" 2>/dev/null || die "openssl failed to create the certificate"
    rm -f "$TLS_DIR/wrong-cert.pem"   # re-sign the wrong-name certificate with the new key
  fi
  if [[ ! -s "$TLS_DIR/wrong-cert.pem" || ! -s "$TLS_DIR/wrong-key.pem" ]]; then
    info "generating certificate for wrong.example (signed by the good one)"
    openssl req -new -newkey rsa:2048 -nodes -keyout "$TLS_DIR/wrong-key.pem" \
      -out "$TLS_DIR/wrong.csr" -subj "/CN=wrong.example" 2>/dev/null
    printf '%s\n' "subjectAltName=DNS:wrong.example" "basicConstraints=critical,CA:FALSE" \
      "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth" \
      >"$TLS_DIR/wrong.ext"
    openssl x509 -req -in "$TLS_DIR/wrong.csr" -CA "$TLS_DIR/cert.pem" -CAkey "$TLS_DIR/key.pem" \
      -CAcreateserial -days 3650 -sha256 -extfile "$TLS_DIR/wrong.ext" \
      -out "$TLS_DIR/wrong-cert.pem" 2>/dev/null || die "openssl failed to sign the wrong-name certificate"
    rm -f "$TLS_DIR/wrong.csr" "$TLS_DIR/wrong.ext"
  fi
  chmod 600 "$TLS_DIR"/*key.pem; chmod 644 "$TLS_DIR"/*cert.pem
}

# ---------------------------------------------------------------------------------------------
# Users: DIR/passwords/USER holds the password, DIR/users.d/USER the extra userdb fields.
# users.passwd is regenerated from both; Dovecot re-reads a passwd-file when its mtime changes,
# so users can be added while the server runs.
# ---------------------------------------------------------------------------------------------
ensure_user() { # ensure_user NAME [EXTRA_FIELDS]
  local name=$1 extra=${2:-}
  [[ "$name" =~ ^[A-Za-z0-9._-]+$ ]] || die "invalid user name '$name' (use [A-Za-z0-9._-])"
  mkdir -p "$PASSWORD_DIR" "$USERS_DIR"; chmod 700 "$PASSWORD_DIR"
  if [[ ! -s "$PASSWORD_DIR/$name" ]]; then
    # 24 random hex characters: no ':' or spaces, which passwd-file cannot hold.
    (umask 077; openssl rand -hex 12 | tr -d '\n' >"$PASSWORD_DIR/$name")
  fi
  chmod 600 "$PASSWORD_DIR/$name"
  printf '%s' "$extra" >"$USERS_DIR/$name"
}

write_passwd_file() {
  local tmp="$PASSWD_FILE.tmp.$$" f name
  : >"$tmp"
  for f in "$USERS_DIR"/*; do
    name=${f##*/}
    # user:{PLAIN}password:uid:gid:gecos:home:shell:extra userdb fields
    printf '%s:{PLAIN}%s:8:8::%s::%s\n' "$name" "$(cat "$PASSWORD_DIR/$name")" \
      "$MAIL_DIR/$name" "$(cat "$f")" >>"$tmp"
  done
  # Read by the auth process, which runs as Dovecot's internal user 'dovecot'.
  chgrp dovecot "$tmp"
  chmod 640 "$tmp"
  mv -f "$tmp" "$PASSWD_FILE"
}

create_users() {
  local u
  for u in $ORDINARY_USERS; do ensure_user "$u"; done
  # Namespace settings can be overridden per user through userdb fields.
  for u in sepdot sepdot2 sepdot3; do ensure_user "$u" "userdb_namespace/inbox/separator=."; done
  ensure_user nsprefix "userdb_namespace/inbox/separator=. userdb_namespace/inbox/prefix=INBOX."
  # quota plugin setting, overridden per user: APPEND/COPY of a bigger message gets "NO [LIMIT]".
  for u in small small2; do ensure_user "$u" "userdb_quota_max_mail_size=1M"; done
  write_passwd_file
}

# ---------------------------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------------------------
write_common_conf() {
  local dh=""
  [[ -s /usr/share/dovecot/dh.pem ]] && dh="ssl_dh = </usr/share/dovecot/dh.pem"
  cat >"$DIR/common.conf" <<EOF
# Generated by scripts/test-imap-server.sh: settings shared by both test instances.
protocols = imap
listen = 127.0.0.1
auth_verbose = yes
log_timestamp = "%Y-%m-%d %H:%M:%S "

ssl = yes
ssl_min_protocol = TLSv1.2
$dh
# Loopback only: allow LOGIN before STARTTLS too (tests of STARTTLS policy are the client's job).
disable_plaintext_auth = no
auth_mechanisms = plain login
# Tests log in with wrong passwords on purpose: no 2 s delay after a failure, and no per-IP auth
# penalty (see the anvil service below), which would delay every later login from 127.0.0.1.
auth_failure_delay = 0

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $PASSWD_FILE
}
userdb {
  driver = passwd-file
  args = username_format=%u $PASSWD_FILE
}

# Mail processes run as 'mail' (uid/gid 8): Dovecot refuses uid 0.
mail_uid = mail
mail_gid = mail
first_valid_uid = 8
first_valid_gid = 8
mail_location = maildir:$MAIL_DIR/%u/Maildir
mail_plugins = \$mail_plugins quota
# mailferry opens several connections per account; tests share 127.0.0.1.
mail_max_userip_connections = 200

namespace inbox {
  inbox = yes
  separator = /
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Junk {
    special_use = \\Junk
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Archive {
    special_use = \\Archive
    auto = subscribe
  }
}

protocol imap {
  # CONDSTORE, QRESYNC, UIDPLUS, MULTIAPPEND, LITERAL+, MOVE, SPECIAL-USE are built in;
  # imap_zlib adds COMPRESS=DEFLATE, imap_quota the QUOTA commands.
  mail_plugins = \$mail_plugins imap_quota imap_zlib
}

plugin {
  # "count" keeps quota in the index (nothing written into Maildirs); no limit by default.
  quota = count:User quota
  quota_vsizes = yes
  # overridden for user 'small' through its userdb field quota_max_mail_size=1M
  quota_max_mail_size = 0
}

# Processes reused for many connections (Dovecot's "high-performance" mode): the suite opens
# thousands of short connections, and a fresh login process (TLS context included) and mail
# process for each cost as much CPU as the clients' own work. All test users share one UID.
service imap {
  process_limit = 512
  service_count = 0
  client_limit = 1
  process_min_avail = 2
}

# Spawned at start rather than on the first connection, so the first client is not the one that
# waits for a cold start of the auth and login processes.
service auth {
  process_min_avail = 1
}

# Documented way to disable the auth penalty: the auth process cannot reach anvil's socket
# (so the log shows one harmless "net_connect_unix(anvil-auth-penalty) failed" at start).
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
EOF
}

write_instance_conf() { # write_instance_conf FILE NAME RUNDIR CERT KEY LOG "LISTENERS"
  cat >"$1" <<EOF
# Generated by scripts/test-imap-server.sh — instance '$2'. Do not edit: rewritten by 'start'.
instance_name = $2
log_path = $6
base_dir = $3
state_dir = $3/state
ssl_cert = <$4
ssl_key = <$5
!include $DIR/common.conf
service imap-login {
  process_min_avail = 2
  service_count = 0
$7
}
EOF
}

write_configs() {
  write_common_conf
  write_instance_conf "$CONF" mailferry-test "$DIR/run" "$TLS_DIR/cert.pem" "$TLS_DIR/key.pem" "$LOG" "\
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $IMAPS_PORT
    ssl = yes
  }"
  write_instance_conf "$CONF_WRONG" mailferry-test-wrongname "$DIR/run-wrongname" \
    "$TLS_DIR/wrong-cert.pem" "$TLS_DIR/wrong-key.pem" "$DIR/dovecot-wrongname.log" "\
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $IMAPS_WRONGNAME_PORT
    ssl = yes
  }"
  dovecot -c "$CONF" -n >/dev/null 2>"$DIR/config-check.err" \
    || { cat "$DIR/config-check.err" >&2; die "invalid generated configuration $CONF"; }
  dovecot -c "$CONF_WRONG" -n >/dev/null 2>"$DIR/config-check.err" \
    || { cat "$DIR/config-check.err" >&2; die "invalid generated configuration $CONF_WRONG"; }
}

# ---------------------------------------------------------------------------------------------
# Process control
# ---------------------------------------------------------------------------------------------
master_pid() { # master_pid RUNDIR -> prints pid if that instance's master runs
  local f="$1/master.pid" pid
  [[ -s "$f" ]] || return 1
  pid=$(cat "$f")
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == dovecot ]] \
    && echo "$pid"
}

port_answers() { # port_answers PORT: true when something accepts TCP connections
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

wait_for_port() { # wait_for_port PORT RUNDIR
  local i
  for i in $(seq 1 100); do
    port_answers "$1" && return 0
    master_pid "$2" >/dev/null || return 1
    sleep 0.1
  done
  return 1
}

imap_greeting_ok() { # imap_greeting_ok PORT: plain port answers with "* OK" within 90 s
  # The greeting waits for the auth process, which the master spawns on demand; on a freshly
  # booted machine with cold disk caches that first start can take several seconds.
  local line deadline=$((SECONDS + 90))
  while ((SECONDS < deadline)); do
    if exec 3<>"/dev/tcp/127.0.0.1/$1"; then
      if IFS= read -r -t 15 line <&3; then
        exec 3>&-
        [[ "$line" == "* OK"* ]] && return 0
        info "unexpected greeting on port $1: ${line:0:120}"
      else
        exec 3>&-
      fi
    fi
    sleep 0.5
  done
  return 1
}

show_logs() { # the last lines of both instances' logs, for a failure message
  local f
  for f in "$LOG" "$DIR/dovecot-wrongname.log"; do
    [[ -s "$f" ]] || continue
    echo "---- last lines of $f ----" >&2
    tail -n 40 "$f" >&2
  done
}

load_ports_from_env() {
  [[ -s "$DIR/env" ]] || return 1
  IMAPS_PORT=$(sed -n 's/^IMAPS_PORT=//p' "$DIR/env")
  IMAP_PORT=$(sed -n 's/^IMAP_PORT=//p' "$DIR/env")
  IMAPS_WRONGNAME_PORT=$(sed -n 's/^IMAPS_WRONGNAME_PORT=//p' "$DIR/env")
  [[ -n "$IMAPS_PORT" && -n "$IMAP_PORT" && -n "$IMAPS_WRONGNAME_PORT" ]]
}

is_running() { # both masters alive and all three ports answer
  master_pid "$DIR/run" >/dev/null && master_pid "$DIR/run-wrongname" >/dev/null \
    && load_ports_from_env && port_answers "$IMAPS_PORT" && port_answers "$IMAP_PORT" \
    && port_answers "$IMAPS_WRONGNAME_PORT"
}

write_env() {
  local tmp="$DIR/env.tmp.$$"
  cat >"$tmp" <<EOF
HOST=127.0.0.1
IMAPS_PORT=$IMAPS_PORT
IMAP_PORT=$IMAP_PORT
IMAPS_WRONGNAME_PORT=$IMAPS_WRONGNAME_PORT
CERT=$TLS_DIR/cert.pem
WRONGNAME_CERT=$TLS_DIR/wrong-cert.pem
PASSWORD_DIR=$PASSWORD_DIR
MAIL_DIR=$MAIL_DIR
DOVECOT_CONF=$CONF
DOVECOT_WRONGNAME_CONF=$CONF_WRONG
DOVECOT_LOG=$LOG
EOF
  mv -f "$tmp" "$DIR/env"
  # The same as JSON (values are paths/numbers without quotes or backslashes).
  { echo "{"
    sed -e 's/\\/\\\\/g; s/"/\\"/g' -e 's/^\([A-Z_]*\)=\(.*\)$/  "\1": "\2",/' "$DIR/env" | sed '$ s/,$//'
    echo "}"; } >"$tmp"
  mv -f "$tmp" "$DIR/env.json"
}

start_instance() { # start_instance CONF RUNDIR PORT LOGFILE
  local conf=$1 rundir=$2 port=$3 log=$4
  mkdir -p "$rundir"
  if master_pid "$rundir" >/dev/null; then return 0; fi
  rm -f "$rundir/master.pid"
  if ! dovecot -c "$conf" 2>>"$log"; then
    tail -n 20 "$log" >&2
    return 1
  fi
  if ! wait_for_port "$port" "$rundir"; then
    tail -n 20 "$log" >&2
    return 1
  fi
}

cmd_start() {
  ensure_installed
  mkdir -p "$DIR" "$MAIL_DIR"
  chmod 755 "$DIR"
  chown mail:mail "$MAIL_DIR"
  touch "$LOG" "$DIR/dovecot-wrongname.log"
  # Unix sockets live under base_dir; their path must fit in sockaddr_un (108 bytes).
  ((${#DIR} < 60)) || die "MAILFERRY_TEST_DIR '$DIR' is too long for Dovecot's unix sockets (< 60 chars)"

  if is_running; then
    create_users          # picks up users added since; harmless when nothing changed
    # Regenerate the configuration with the same ports; reload only if it changed (e.g. after
    # an update of this script).
    local before after
    before=$(cat "$CONF" "$CONF_WRONG" "$DIR/common.conf" 2>/dev/null | md5sum)
    make_certs
    write_configs
    after=$(cat "$CONF" "$CONF_WRONG" "$DIR/common.conf" | md5sum)
    if [[ "$before" != "$after" ]]; then
      info "configuration changed: reloading"
      doveadm -c "$CONF" reload && doveadm -c "$CONF_WRONG" reload || die "reload failed; see $LOG"
    fi
    write_env
    info "already running (IMAPS $IMAPS_PORT, STARTTLS $IMAP_PORT, wrong-name IMAPS $IMAPS_WRONGNAME_PORT)"
    return 0
  fi
  # Half-running (one instance died, or ports changed): restart cleanly.
  cmd_stop >/dev/null 2>&1 || true

  make_certs
  create_users
  local attempt
  for attempt in 1 2 3; do
    choose_ports
    write_configs
    if start_instance "$CONF" "$DIR/run" "$IMAPS_PORT" "$LOG" \
       && wait_for_port "$IMAP_PORT" "$DIR/run" \
       && start_instance "$CONF_WRONG" "$DIR/run-wrongname" "$IMAPS_WRONGNAME_PORT" "$DIR/dovecot-wrongname.log"; then
      if imap_greeting_ok "$IMAP_PORT"; then
        write_env
        info "started: IMAPS 127.0.0.1:$IMAPS_PORT, STARTTLS 127.0.0.1:$IMAP_PORT," \
          "wrong-name IMAPS 127.0.0.1:$IMAPS_WRONGNAME_PORT; env in $DIR/env"
        return 0
      fi
      show_logs
      if ((attempt == 3)); then
        cmd_stop >/dev/null 2>&1 || true
        die "Dovecot listens on $IMAP_PORT but sends no IMAP greeting; see $LOG"
      fi
    fi
    # A port may have been taken meanwhile by someone else, or the first start was too slow:
    # stop and retry with new ports.
    info "start attempt $attempt failed (see $LOG); retrying with other ports"
    cmd_stop >/dev/null 2>&1 || true
    rm -f "$DIR/ports"
  done
  show_logs
  die "Dovecot did not start; last lines of $LOG are above"
}

stop_instance() { # stop_instance CONF RUNDIR
  local conf=$1 rundir=$2 pid i
  pid=$(master_pid "$rundir") || { rm -f "$rundir/master.pid"; return 0; }
  doveadm -c "$conf" stop 2>/dev/null || kill "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  info "Dovecot master $pid did not stop in 10 s; sending SIGKILL"
  kill -9 "$pid" 2>/dev/null || true
}

cmd_stop() {
  [[ -d "$DIR" ]] || return 0
  [[ -f "$CONF" ]] && stop_instance "$CONF" "$DIR/run"
  [[ -f "$CONF_WRONG" ]] && stop_instance "$CONF_WRONG" "$DIR/run-wrongname"
  info "stopped"
}

cmd_status() {
  local ok=0
  if pid=$(master_pid "$DIR/run"); then echo "main instance: running (pid $pid)"; else echo "main instance: stopped"; ok=3; fi
  if pid=$(master_pid "$DIR/run-wrongname"); then echo "wrong-name instance: running (pid $pid)"; else echo "wrong-name instance: stopped"; ok=3; fi
  if ((ok == 0)); then
    if is_running; then
      echo "ports answer: IMAPS $IMAPS_PORT, STARTTLS $IMAP_PORT, wrong-name IMAPS $IMAPS_WRONGNAME_PORT"
    else
      echo "ports do not answer"; ok=3
    fi
  fi
  return $ok
}

cmd_env() {
  [[ -s "$DIR/env" ]] || die "no $DIR/env: run '$0 start' first"
  cat "$DIR/env"
}

require_running() {
  is_running || die "the test server is not running: run '$0 start' first"
}

# Disconnect all sessions of USER on both instances and wait until their processes are gone, so
# that none writes indexes into a directory being deleted.
kick_user() {
  local user=$1 conf i
  for conf in "$CONF" "$CONF_WRONG"; do
    doveadm -c "$conf" kick "$user" >/dev/null 2>&1 || true
  done
  for i in $(seq 1 100); do
    if ! { doveadm -c "$CONF" who "$user" 2>/dev/null; doveadm -c "$CONF_WRONG" who "$user" 2>/dev/null; } \
         | grep -q "^$user "; then
      return 0
    fi
    sleep 0.1
  done
  info "warning: sessions of $user still open after 10 s"
}

# Empty all folders of USER: disconnect its sessions, delete its mail directory (messages,
# indexes, uidlist), and let Dovecot recreate INBOX and the special-use folders at next login.
cmd_reset() {
  local user=${1:-}
  [[ -n "$user" ]] || die "usage: $0 reset USER"
  [[ -f "$USERS_DIR/$user" ]] || die "unknown user '$user'"
  require_running
  local extra home
  extra=$(cat "$USERS_DIR/$user")
  kick_user "$user"
  home="$MAIL_DIR/$user"
  if [[ "$extra" == *"mail=maildir:"* ]]; then
    # A served Maildir: remove what it points to only when it is our own copy.
    local path
    path=$(sed -n 's/.*mail=maildir:\([^: ]*\).*/\1/p' <<<"$extra")
    [[ "$path" == "$DIR/"* ]] || die "user '$user' serves $path in place; refusing to delete it"
    rm -rf "$path" "$home"
    mkdir -p "$path"; chown -R mail:mail "$path"
  else
    rm -rf "$home"
  fi
  mkdir -p "$home"; chown mail:mail "$home"
  # Log in once through doveadm so that INBOX and the special-use folders exist again and a
  # LIST right after the reset sees the same folders as for a fresh user.
  doveadm -c "$CONF" mailbox list -u "$user" >/dev/null \
    || die "doveadm could not open the mailbox of '$user' after reset; see $LOG"
  info "reset $user"
}

# Serve a Maildir tree as user NAME (checks that Dovecot reads a mailferry backup).
# By default PATH is copied (cp -a keeps names and mtimes = INTERNALDATE) under DIR/served/NAME,
# because Dovecot writes dovecot-uidlist/index files, moves new/ to cur/, and must own the files;
# --in-place serves PATH itself (it must be readable and writable by uid 8 'mail').
# --layout fs serves a tree whose sub-folders are sub-directories (Parent/Child/{cur,new,tmp});
# the default maildir++ expects Dovecot's own .Parent.Child directories.
cmd_serve_maildir() {
  local name="" path="" in_place=0 layout="maildir++"
  while (($#)); do
    case "$1" in
      --in-place) in_place=1 ;;
      --layout) shift; layout=${1:-} ;;
      --layout=*) layout=${1#--layout=} ;;
      -*) die "unknown option $1" ;;
      *) if [[ -z "$name" ]]; then name=$1; elif [[ -z "$path" ]]; then path=$1; else die "too many arguments"; fi ;;
    esac
    shift
  done
  [[ -n "$name" && -n "$path" ]] || die "usage: $0 serve-maildir NAME PATH [--in-place] [--layout fs|maildir++]"
  [[ -d "$path" ]] || die "no such Maildir directory: $path"
  [[ -d "$path/cur" || -d "$path/new" ]] || info "warning: $path has no cur/ or new/ (INBOX will be empty)"
  case "$layout" in maildir++) layout_opt="" ;; fs) layout_opt=":LAYOUT=fs" ;; *) die "--layout must be fs or maildir++" ;; esac
  [[ "$name" =~ ^(user[0-9]+|sepdot[0-9]*|nsprefix|small[0-9]*)$ ]] && die "'$name' is a built-in user; choose another name"
  require_running
  path=$(cd "$path" && pwd -P)
  local served="$path"
  kick_user "$name"
  if ((in_place == 0)); then
    served="$DIR/served/$name"
    rm -rf "$served"; mkdir -p "$DIR/served"
    cp -a "$path" "$served"
    chown -R mail:mail "$served"
  elif ! runuser -u mail -- test -r "$path" -a -w "$path" -a -x "$path"; then
    die "user 'mail' (uid 8) cannot read and write $path; serve a copy (drop --in-place) or chown it"
  fi
  # Indexes go outside the served tree; control files (dovecot-uidlist, dovecot-keywords) stay
  # inside it, where a Maildir writer puts dovecot-keywords.
  rm -rf "$MAIL_DIR/$name"
  local mail="maildir:$served:INDEX=$MAIL_DIR/$name/index$layout_opt"
  ensure_user "$name" "userdb_mail=$mail"
  mkdir -p "$MAIL_DIR/$name/index"; chown -R mail:mail "$MAIL_DIR/$name"
  write_passwd_file
  # Dovecot notices a changed passwd-file at most once per second: wait until it serves the new
  # userdb entry before anybody logs in.
  local i
  for i in $(seq 1 50); do
    [[ "$(doveadm -c "$CONF" user -f mail "$name" 2>/dev/null)" == "$mail" ]] && break
    ((i < 50)) || die "Dovecot did not pick up user '$name' from $PASSWD_FILE; see $LOG"
    sleep 0.2
  done
  doveadm -c "$CONF" mailbox list -u "$name" >/dev/null || die "Dovecot cannot open $served; see $LOG"
  echo "serving $served as user '$name' (password in $PASSWORD_DIR/$name)"
}

# serve-copies PREFIX COUNT PATH: users PREFIX001..PREFIXCOUNT, each serving its own fresh copy of
# the Maildir tree PATH (earlier mail of those users is replaced), with one passwd-file rewrite and
# one wait for Dovecot: many accounts at once (the fleet's tests and benchmark).
cmd_serve_copies() {
  (($# == 3)) || die "usage: $0 serve-copies PREFIX COUNT PATH"
  local prefix=$1 count=$2 path=$3 i name served mail=""
  [[ "$prefix" =~ ^[A-Za-z][A-Za-z0-9._-]*$ ]] || die "invalid prefix '$prefix'"
  [[ "$prefix" =~ ^(user|sepdot|nsprefix|small) ]] && die "'$prefix' names built-in users; choose another prefix"
  [[ "$count" =~ ^[0-9]+$ ]] && ((count >= 1 && count <= 999)) || die "COUNT must be 1..999"
  [[ -d "$path" ]] || die "no such Maildir directory: $path"
  require_running
  path=$(cd "$path" && pwd -P)
  mkdir -p "$DIR/served"
  for i in $(seq 1 "$count"); do
    name=$(printf '%s%03d' "$prefix" "$i")
    doveadm -c "$CONF" kick "$name" >/dev/null 2>&1 || true
    served="$DIR/served/$name"
    rm -rf "$served" "$MAIL_DIR/$name"
    cp -a "$path" "$served"
    mail="maildir:$served:INDEX=$MAIL_DIR/$name/index"
    ensure_user "$name" "userdb_mail=$mail"
    mkdir -p "$MAIL_DIR/$name/index"
    # only this user's directories: other tests add and remove theirs meanwhile
    chown -R mail:mail "$served" "$MAIL_DIR/$name"
  done
  write_passwd_file
  for i in $(seq 1 50); do
    [[ "$(doveadm -c "$CONF" user -f mail "$name" 2>/dev/null)" == "$mail" ]] && break
    ((i < 50)) || die "Dovecot did not pick up user '$name' from $PASSWD_FILE; see $LOG"
    sleep 0.2
  done
  echo "serving $count copies of $path as users $(printf '%s%03d' "$prefix" 1)..$name"
}

# ---------------------------------------------------------------------------------------------
case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) cmd_env ;;
  reset) shift; cmd_reset "$@" ;;
  serve-maildir) shift; cmd_serve_maildir "$@" ;;
  serve-copies) shift; cmd_serve_copies "$@" ;;
  *) echo "usage: $0 start|stop|status|env|reset USER|serve-maildir NAME PATH [--in-place] [--layout fs|maildir++]|serve-copies PREFIX COUNT PATH" >&2
     exit 2 ;;
esac
