#!/usr/bin/env bash
# Real HTTP Digest servers for crates/pkgruntime/tests/digest_peers.rs and
# crates/obcloud-client/tests/real_digest_servers.rs, on 127.0.0.1 only:
#
#   Apache httpd 2.4 (mod_auth_digest: MD5 only)
#     /api/v2/packages/page-N.json        nonce lifetime 300 s (listings)
#     /stale/api/v2/packages/page-N.json  nonce lifetime $PKGSDK_DIGEST_SHORT_LIFETIME s (default 2)
#   lighttpd 1.4 (mod_auth, unpacked from Debian's package; no service installed)
#     /api/v2/packages/page-N.json        algorithm SHA-256 (htdigest file)
#     /multi/api/v2/packages/page-N.json  algorithms MD5 and SHA-256 offered together
#
# Under each of those prefixes (Apache's / and /stale/, lighttpd's / and /multi/) the servers
# also answer OceanBase Cloud's backup-set calls at their real paths, with static
# OceanBase-Cloud-shaped JSON chosen by mod_rewrite (any instance id of letters, digits, -, _):
#     /api/v2/instances/<id>/backup/data/sets?…pageNumber=N…&pageSize=$OBC_PAGE_SIZE…
#         page N of $OBC_ITEMS backup sets (bak-peer0000 …), $OBC_PAGE_SIZE per page; other
#         page sizes are not served (404). Page 2 uses the other documented envelope
#         (`successful` and a top-level `totalCount`), the others `success` and `data.total`.
#     /api/v2/instances/<id>/backup/data/sets/bak-peer000K
#         one backup set.
#
# Usage (as root on Debian/Ubuntu; installs what is missing):
#   bash .ci/digest-peers.sh start        # install if needed, start both, print the variables
#   eval "$(bash .ci/digest-peers.sh env)"
#   cargo test -p pkgruntime --test digest_peers -- --ignored
#   cargo test -p obcloud-client --test real_digest_servers -- --ignored
#   bash .ci/digest-peers.sh stop         # stops both by their recorded pids
#
# Everything lives in $PKGSDK_DIGEST_RUN (default ${TMPDIR:-/tmp}/pkgsdk-digest-peers): the
# unpacked lighttpd, configs, htdigest files, pages, pid files and logs.
set -euo pipefail

RUN=${PKGSDK_DIGEST_RUN:-${TMPDIR:-/tmp}/pkgsdk-digest-peers}
SHORT_LIFETIME=${PKGSDK_DIGEST_SHORT_LIFETIME:-2}
REALM=api
USERNAME=AK-pkgsdk-digest
PAGES=5
PER_PAGE=2
ITEMS=9
# OceanBase Cloud backup sets: 7 in pages of 3 (3, 3, 1).
OBC_ITEMS=7
OBC_PAGE_SIZE=3

log() { printf 'digest-peers: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

APT_UPDATED=0
apt_update_once() {
    if [ "$APT_UPDATED" = 0 ]; then
        log "apt-get update"
        apt-get update -qq
        APT_UPDATED=1
    fi
}

ensure_apache() {
    if [ -x /usr/sbin/apache2 ] && [ -e /usr/lib/apache2/modules/mod_auth_digest.so ]; then
        return
    fi
    [ "$(id -u)" = 0 ] || die "apache2-bin is missing; run as root to install it"
    apt_update_once
    log "apt-get install apache2-bin"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends apache2-bin >/dev/null
}

# lighttpd is unpacked, not installed: no service, no files outside $RUN.
ensure_lighttpd() {
    local root="$RUN/lighttpd-root"
    if [ -x "$root/usr/sbin/lighttpd" ]; then
        return
    fi
    mkdir -p "$RUN/pkg"
    rm -f "$RUN"/pkg/lighttpd_*.deb
    if ! (cd "$RUN/pkg" && apt-get download -qq lighttpd >/dev/null 2>&1); then
        apt_update_once
        (cd "$RUN/pkg" && apt-get download -qq lighttpd >/dev/null) || die "apt-get download lighttpd failed"
    fi
    rm -rf "$root"
    dpkg -x "$RUN"/pkg/lighttpd_*.deb "$root"
    # Its shared libraries (pcre2, xxhash, nettle, …) are usually there already.
    local missing
    missing=$(ldd "$root/usr/sbin/lighttpd" "$root"/usr/lib/lighttpd/mod_auth*.so 2>/dev/null | awk '/not found/ {print $1}' | sort -u)
    if [ -n "$missing" ]; then
        [ "$(id -u)" = 0 ] || die "lighttpd needs libraries that are missing: $missing"
        local depends
        depends=$(dpkg-deb -f "$RUN"/pkg/lighttpd_*.deb Depends | tr ',' '\n' | sed 's/[(|].*//; s/ //g' | grep -v '^lighttpd' | grep -v '^$' || true)
        apt_update_once
        log "apt-get install lighttpd's libraries: $depends"
        # shellcheck disable=SC2086
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $depends >/dev/null
    fi
}

# A TCP port on 127.0.0.1 that nothing listens on, below the kernel's ephemeral range when
# there is room: a client connection's local port there would make the server's bind fail
# with "Address already in use" although nothing listens on it. Starting retries anyway.
free_port() {
    local port low=20000 high=60000 ephemeral_low
    ephemeral_low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 0)
    if [ "${ephemeral_low:-0}" -gt $((low + 1000)) ] 2>/dev/null; then
        high=$((ephemeral_low - 1))
    fi
    for _ in $(seq 1 100); do
        port=$((low + RANDOM % (high - low + 1)))
        if [ "$port" != "${1:-}" ] && ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    die "no free port found"
}

# page-1.json … page-$PAGES.json under $1/api/v2/packages, each item named after its page.
write_pages() {
    local dir="$1/api/v2/packages" page items i
    mkdir -p "$dir"
    for page in $(seq 1 "$PAGES"); do
        items=""
        for i in $(seq $(((page - 1) * PER_PAGE)) $((page * PER_PAGE - 1))); do
            [ "$i" -lt "$ITEMS" ] || break
            items="$items${items:+,}\"pkg-$(printf '%03d' "$i")\""
        done
        printf '{"items":[%s],"number":%d,"totalPages":%d,"total":%d}\n' \
            "$items" "$page" "$PAGES" "$ITEMS" >"$dir/page-$page.json"
    done
}

# Backup set $1 (0-based) as OceanBase Cloud lists it: a cluster-level row (placeholder
# tenant sys / *) holding one tenant's set; every other one has a download task.
obcloud_set() {
    local k="$1" id day task
    id=$(printf 'bak-peer%04d' "$k")
    day=$(printf '%02d' $((k + 1)))
    task=-1
    if [ $((k % 2)) = 1 ]; then task=$((500 + k)); fi
    printf '{"backupMode":"PHYSICAL_BACKUP","backupObjectType":"CLUSTER","backupSetId":"%s",' "$id"
    printf '"checkpoint":"2025-12-%sT12:57:32Z","dataBackupMode":"FULL_BACKUP","dataBackupSize":%d.5,' "$day" "$k"
    printf '"dataVersion":1,"downloadEnabled":true,"downloadTaskId":%d,' "$task"
    printf '"endTime":"2025-12-%sT12:58:07Z","startTime":"2025-12-%sT12:55:35Z","status":"DONE","storageClass":"standard",' "$day" "$day"
    printf '"tenantBackupSetList":[{"backupMode":"PHYSICAL_BACKUP","backupObjectType":"TENANT","backupSetId":"%s-1002",' "$id"
    printf '"checkpoint":"2025-12-%sT12:57:32Z","dataBackupMode":"FULL_BACKUP","dataBackupSize":0.04,"dataVersion":123000325,' "$day"
    printf '"downloadEnabled":true,"downloadTaskId":%d,"endTime":"2025-12-%sT12:57:42Z","startTime":"2025-12-%sT12:55:47Z",' "$task" "$day" "$day"
    printf '"status":"DONE","storageClass":"standard","tenantId":"t7amdemq4iu9s","tenantName":"gyh","triggerMode":"BACKUP_NOW","validity":"VALID"}],'
    printf '"tenantId":"sys","tenantName":"*","triggerMode":"BACKUP_NOW","validity":"VALID"}'
}

# The OceanBase Cloud responses under $1/api/v2/obcloud: sets/page-N.json and set/<id>.json.
write_obcloud() {
    local dir="$1/api/v2/obcloud" pages page k rows id
    mkdir -p "$dir/sets" "$dir/set"
    pages=$(((OBC_ITEMS + OBC_PAGE_SIZE - 1) / OBC_PAGE_SIZE))
    for page in $(seq 1 "$pages"); do
        rows=""
        for k in $(seq $(((page - 1) * OBC_PAGE_SIZE)) $((page * OBC_PAGE_SIZE - 1))); do
            [ "$k" -lt "$OBC_ITEMS" ] || break
            rows="$rows${rows:+,}$(obcloud_set "$k")"
        done
        if [ "$page" = 2 ]; then
            printf '{"data":{"dataList":[%s]},"totalCount":%d,"requestId":"static-page-%d","successful":true,"cost":1}\n' \
                "$rows" "$OBC_ITEMS" "$page" >"$dir/sets/page-$page.json"
        else
            printf '{"data":{"dataList":[%s],"total":%d},"requestId":"static-page-%d","success":true}\n' \
                "$rows" "$OBC_ITEMS" "$page" >"$dir/sets/page-$page.json"
        fi
    done
    for k in $(seq 0 $((OBC_ITEMS - 1))); do
        id=$(printf 'bak-peer%04d' "$k")
        printf '{"data":%s,"requestId":"static-set-%d","success":true}\n' \
            "$(obcloud_set "$k")" "$k" >"$dir/set/$id.json"
    done
}

# user:realm:H(user:realm:password), H = md5sum or sha256sum.
htdigest_line() {
    printf '%s:%s:%s\n' "$USERNAME" "$REALM" \
        "$(printf '%s:%s:%s' "$USERNAME" "$REALM" "$PASSWORD" | "$1" | cut -d' ' -f1)"
}

running() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_apache() {
    local dir="$RUN/apache" port="$1"
    rm -rf "$dir"
    mkdir -p "$dir/htdocs"
    write_pages "$dir/htdocs"
    write_pages "$dir/htdocs/stale"
    write_obcloud "$dir/htdocs"
    write_obcloud "$dir/htdocs/stale"
    htdigest_line md5sum >"$dir/htdigest"
    printf 'application/json json\n' >"$dir/mime.types"
    local user=""
    if [ "$(id -u)" = 0 ]; then
        # root starts it; the workers run as www-data and must read $RUN.
        user=$'User www-data\nGroup www-data'
    fi
    cat >"$dir/httpd.conf" <<CONF
ServerRoot "/usr/lib/apache2"
ServerName 127.0.0.1
Listen 127.0.0.1:$port
PidFile "$dir/httpd.pid"
ErrorLog "$dir/error.log"
LogLevel warn auth_digest:info
LogFormat "%h \"%r\" %>s %b" peer
CustomLog "$dir/access.log" peer
Mutex file:$dir default
DefaultRuntimeDir "$dir"
$user

LoadModule mpm_event_module modules/mod_mpm_event.so
LoadModule authn_core_module modules/mod_authn_core.so
LoadModule authn_file_module modules/mod_authn_file.so
LoadModule authz_core_module modules/mod_authz_core.so
LoadModule authz_user_module modules/mod_authz_user.so
LoadModule auth_digest_module modules/mod_auth_digest.so
LoadModule mime_module modules/mod_mime.so
LoadModule rewrite_module modules/mod_rewrite.so

StartServers 1
ServerLimit 1
ThreadsPerChild 16
MinSpareThreads 1
MaxSpareThreads 16
MaxRequestWorkers 16
TypesConfig "$dir/mime.types"

DocumentRoot "$dir/htdocs"
<Directory />
    Require all denied
    AllowOverride None
</Directory>
<Directory "$dir/htdocs">
    Require all granted
</Directory>

# OceanBase Cloud's paths -> the static responses (the URL, and so the Digest protection
# of its <Location> and the request-target the answer's uri must match, is unchanged).
RewriteEngine On
RewriteCond %{QUERY_STRING} (?:^|&)pageSize=$OBC_PAGE_SIZE(?:&|\$)
RewriteCond %{QUERY_STRING} (?:^|&)pageNumber=([0-9]+)(?:&|\$)
RewriteRule ^(/stale)?/api/v2/instances/[A-Za-z0-9_-]+/backup/data/sets\$ \$1/api/v2/obcloud/sets/page-%1.json [L]
RewriteRule ^(/stale)?/api/v2/instances/[A-Za-z0-9_-]+/backup/data/sets/([A-Za-z0-9_-]+)\$ \$1/api/v2/obcloud/set/\$2.json [L]

# mod_auth_digest offers MD5 only (SHA-256, MD5-sess and auth-int fail at config time).
<Location "/api/v2/">
    AuthType Digest
    AuthName "$REALM"
    AuthDigestAlgorithm MD5
    AuthDigestDomain /api/v2/
    AuthDigestNonceLifetime 300
    AuthDigestProvider file
    AuthUserFile "$dir/htdigest"
    Require valid-user
</Location>
# After the lifetime Apache answers 401 with stale=true.
<Location "/stale/api/v2/">
    AuthType Digest
    AuthName "$REALM"
    AuthDigestAlgorithm MD5
    AuthDigestDomain /stale/api/v2/
    AuthDigestNonceLifetime $SHORT_LIFETIME
    AuthDigestProvider file
    AuthUserFile "$dir/htdigest"
    Require valid-user
</Location>
CONF
    chmod -R a+rX "$dir"
    /usr/sbin/apache2 -t -f "$dir/httpd.conf" 2>&1 | grep -v 'Syntax OK' >&2 || true
    /usr/sbin/apache2 -f "$dir/httpd.conf" -k start || return 1
    wait_for "$dir/httpd.pid" "$port" apache || return 1
}

start_lighttpd() {
    local dir="$RUN/lighttpd" port="$1" root="$RUN/lighttpd-root"
    rm -rf "$dir"
    mkdir -p "$dir/htdocs"
    write_pages "$dir/htdocs"
    write_pages "$dir/htdocs/multi"
    write_obcloud "$dir/htdocs"
    write_obcloud "$dir/htdocs/multi"
    htdigest_line sha256sum >"$dir/htdigest"
    printf '%s:%s\n' "$USERNAME" "$PASSWORD" >"$dir/plain"
    cat >"$dir/lighttpd.conf" <<CONF
server.modules = ("mod_rewrite", "mod_auth", "mod_authn_file", "mod_accesslog")
server.document-root = "$dir/htdocs"
server.bind = "127.0.0.1"
server.port = $port
server.pid-file = "$dir/lighttpd.pid"
server.errorlog = "$dir/error.log"
accesslog.filename = "$dir/access.log"
accesslog.format = "%h \"%r\" %>s %b"
mimetype.assign = (".json" => "application/json")
# OceanBase Cloud's paths -> the static responses. mod_auth then sees the rewritten path,
# still under the protected prefix; the Digest uri is checked against the original target.
url.rewrite-once = (
    "^(/multi)?/api/v2/instances/[A-Za-z0-9_-]+/backup/data/sets\\?(?=(?:.*&)?pageSize=$OBC_PAGE_SIZE(?:&|\$))(?:.*&)?pageNumber=([0-9]+)(?:&.*)?\$" => "\$1/api/v2/obcloud/sets/page-\$2.json",
    "^(/multi)?/api/v2/instances/[A-Za-z0-9_-]+/backup/data/sets/([A-Za-z0-9_-]+)(?:\\?.*)?\$" => "\$1/api/v2/obcloud/set/\$2.json",
)
# An htdigest file holds H(A1) for one algorithm: SHA-256 here.
auth.backend = "htdigest"
auth.backend.htdigest.userfile = "$dir/htdigest"
auth.require = ("/api/v2/" => ("method" => "digest", "algorithm" => "SHA-256", "realm" => "$REALM", "require" => "valid-user"))
# Offering several algorithms needs the password itself.
\$HTTP["url"] =~ "^/multi/" {
    auth.backend = "plain"
    auth.backend.plain.userfile = "$dir/plain"
    auth.require = ("/multi/api/v2/" => ("method" => "digest", "algorithm" => "MD5|SHA-256", "realm" => "$REALM", "require" => "valid-user"))
}
CONF
    local modules="$root/usr/lib/lighttpd"
    "$root/usr/sbin/lighttpd" -tt -f "$dir/lighttpd.conf" -m "$modules" >&2
    "$root/usr/sbin/lighttpd" -f "$dir/lighttpd.conf" -m "$modules" || return 1
    wait_for "$dir/lighttpd.pid" "$port" lighttpd || return 1
}

# Waits until the pid file names a live process and the port accepts connections.
wait_for() {
    local pidfile="$1" port="$2" name="$3"
    for _ in $(seq 1 50); do
        if running "$pidfile" && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            log "$name on 127.0.0.1:$port, pid $(cat "$pidfile")"
            return
        fi
        sleep 0.1
    done
    log "$name did not start on port $port; see $(dirname "$pidfile")/error.log"
    return 1
}

# Starts server $1 (apache|lighttpd) on a free port other than $2, trying up to five ports:
# between choosing a port and binding it, another process may take it. Prints the port.
start_on_free_port() {
    local name="$1" other="${2:-}" port
    for _ in 1 2 3 4 5; do
        port=$(free_port "$other")
        if "start_$name" "$port" >&2; then
            echo "$port"
            return
        fi
        log "$name could not start on 127.0.0.1:$port; trying another port"
    done
    die "$name did not start on any of five ports"
}

stop_one() {
    local pidfile="$1" name="$2" pid
    if ! running "$pidfile"; then
        log "$name is not running"
        return
    fi
    pid=$(cat "$pidfile")
    kill -TERM "$pid"
    for _ in $(seq 1 50); do
        if ! kill -0 "$pid" 2>/dev/null; then
            log "$name (pid $pid) stopped"
            return
        fi
        sleep 0.1
    done
    die "$name (pid $pid) is still running"
}

cmd_start() {
    if running "$RUN/apache/httpd.pid" || running "$RUN/lighttpd/lighttpd.pid"; then
        die "already running; run '$0 stop' first"
    fi
    mkdir -p "$RUN"
    chmod 755 "$RUN"
    ensure_apache
    ensure_lighttpd
    PASSWORD=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
    local apache_port lighttpd_port
    apache_port=$(start_on_free_port apache)
    lighttpd_port=$(start_on_free_port lighttpd "$apache_port")
    cat >"$RUN/env" <<ENV
export PKGSDK_DIGEST_RUN='$RUN'
export PKGSDK_DIGEST_USER='$USERNAME'
export PKGSDK_DIGEST_PASSWORD='$PASSWORD'
export PKGSDK_DIGEST_PAGES='$PAGES'
export PKGSDK_DIGEST_ITEMS='$ITEMS'
export PKGSDK_DIGEST_APACHE_URL='http://127.0.0.1:$apache_port'
export PKGSDK_DIGEST_APACHE_STALE_URL='http://127.0.0.1:$apache_port/stale'
export PKGSDK_DIGEST_APACHE_SHORT_LIFETIME='$SHORT_LIFETIME'
export PKGSDK_DIGEST_LIGHTTPD_URL='http://127.0.0.1:$lighttpd_port'
export PKGSDK_DIGEST_LIGHTTPD_MULTI_URL='http://127.0.0.1:$lighttpd_port/multi'
export PKGSDK_DIGEST_OBCLOUD_ITEMS='$OBC_ITEMS'
export PKGSDK_DIGEST_OBCLOUD_PAGE_SIZE='$OBC_PAGE_SIZE'
ENV
    chmod 600 "$RUN/env"
    cat "$RUN/env"
}

cmd_stop() {
    stop_one "$RUN/apache/httpd.pid" apache
    stop_one "$RUN/lighttpd/lighttpd.pid" lighttpd
}

cmd_env() {
    [ -s "$RUN/env" ] || die "not started; run '$0 start'"
    cat "$RUN/env"
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
env) cmd_env ;;
*) die "usage: $0 start|stop|env" ;;
esac
