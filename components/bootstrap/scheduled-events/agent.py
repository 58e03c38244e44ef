# azure-ha-cluster Scheduled Events agent (Linux). Installed by the "scheduled-events" bootstrap
# step as /usr/local/lib/azure-ha-cluster/scheduled-events-agent.py and run by the systemd unit
# azure-ha-cluster-scheduled-events.service; every decision goes to stdout, i.e. the journal
# (`journalctl -u azure-ha-cluster-scheduled-events`), with the event id.
#
# Python, not bash: JSON needs a real parser and jq is not on every image, while every Azure
# Linux image that can run a Run Command has Python, because the Azure Linux VM Agent (waagent,
# which executes VM extensions such as Run Command) is a Python program
# (https://learn.microsoft.com/azure/virtual-machines/extensions/agent-linux; Azure/WALinuxAgent).
# Written for Python 3.6 (RHEL 8's platform-python): no dataclasses, no walrus, no capture_output.
#
# Facts (Microsoft Learn, "Azure Metadata Service: Scheduled Events for Linux VMs",
# https://learn.microsoft.com/azure/virtual-machines/linux/scheduled-events, and
# MicrosoftDocs/azure-compute-docs articles/virtual-machines/linux/scheduled-events.md):
#   - GET http://169.254.169.254/metadata/scheduledevents?api-version=2020-07-01 with the header
#     `Metadata: true`; the first call enables the service and may take up to 2 minutes; 24 h
#     without a call disables it again; poll about once a second.
#   - Events: EventId, EventType (Freeze | Reboot | Redeploy | Preempt | Terminate), Resources
#     (Azure VM names, i.e. IMDS compute.name), EventStatus (Scheduled | Started), NotBefore (blank
#     once started), DurationInSeconds (-1 = unknown). An event that ends leaves the list.
#   - Approve: POST {"StartRequests": [{"EventId": id}]}; approval proceeds the event for all of
#     its Resources, not only for the VM that approves.
#   - A host hardware failure skips "Scheduled": a Reboot appears already "Started".
# Design follows ClusterLabs resource-agents heartbeat/azure-events-az.in (Pacemaker): act on
# this node's events only, move the resources away only when another node is available, then
# force (approve) the event; remember handled event ids; put the node back when the event is gone.
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

IMPACT_TYPES = ("Reboot", "Redeploy")
IGNORED_TYPES = ("Preempt", "Terminate")  # Spot eviction, scale-set delete: nothing to drain for


def log(msg):
    sys.stdout.write(msg + "\n")
    sys.stdout.flush()


# --------------------------------------------------------------------------------------------
# Pure decision logic (mirrored by Get-SeDecision in agent.ps1; test/fixtures/
# scheduled-events-cases.json drives both).


def decide(events, me, nodes, up, cfg):
    """One decision per event of the document: {eventId, decision, reason, peer}.

    events: the document's Events; me: this VM's name; nodes: every cluster node; up: nodes up
    in the cluster; cfg: {actOn, approve, freezeToleranceSec}.
    """
    out = []
    pending = set()
    for e in events:
        for r in e.get("Resources") or []:
            pending.add(r)
    for e in events:
        eid = e.get("EventId", "")
        etype = e.get("EventType", "")
        res = e.get("Resources") or []
        status = e.get("EventStatus", "")
        dur = e.get("DurationInSeconds", -1)
        try:
            dur = int(dur)
        except (TypeError, ValueError):
            dur = -1
        d = {"eventId": eid, "type": etype, "peer": ""}
        if me not in res:
            d.update(decision="ignore-other-vm", reason="event for %s" % ",".join(res))
        elif etype in IGNORED_TYPES or etype not in cfg["actOn"]:
            d.update(decision="ignore-type", reason="%s is not acted on" % etype)
        else:
            tolerated = etype == "Freeze" and 0 <= dur <= cfg["freezeToleranceSec"]
            healthy = [n for n in nodes if n != me and n in up and n not in pending]
            if all(n in res for n in nodes):
                d.update(
                    decision="hold-all-nodes",
                    reason="the event lists every cluster node: nowhere to drain to; the platform proceeds at NotBefore",
                )
            elif not healthy:
                d.update(
                    decision="hold-no-healthy-peer",
                    reason="no peer is up without a pending event of its own; the platform proceeds at NotBefore",
                )
            elif any(r not in nodes for r in res):
                # Approval proceeds the event for every VM it lists: never for VMs outside the
                # cluster, whose owners may still be preparing. Drain only, when it matters.
                if tolerated:
                    d.update(decision="tolerated-no-action", reason="a %d s freeze tolerated; the event also lists VMs outside the cluster: not approved" % dur)
                else:
                    d.update(decision="drain", peer=healthy[0], reason="%s; the event also lists VMs outside the cluster: drained, not approved" % etype)
            elif status == "Started":
                if tolerated:
                    d.update(decision="started-no-action", reason="a %d s freeze the heartbeat tolerates has started" % dur)
                else:
                    d.update(decision="drain", peer=healthy[0], reason="%s already started: drain at once" % etype)
            elif tolerated:
                if cfg["approve"]:
                    d.update(decision="approve", reason="freeze of %d s <= tolerance %d s" % (dur, cfg["freezeToleranceSec"]))
                else:
                    d.update(decision="tolerated-no-action", reason="freeze of %d s tolerated; approval is off" % dur)
            else:
                why = etype if etype in IMPACT_TYPES else (
                    "freeze of unknown length" if dur < 0 else "freeze of %d s > tolerance %d s" % (dur, cfg["freezeToleranceSec"])
                )
                d.update(
                    decision="drain-approve" if cfg["approve"] else "drain",
                    peer=healthy[0],
                    reason=why,
                )
        out.append(d)
    return out


FINAL = ("ignore-other-vm", "ignore-type", "approve", "drain-approve", "drain", "started-no-action", "tolerated-no-action")


# --------------------------------------------------------------------------------------------
# IMDS


def imds_request(cfg, path, body=None, timeout=15):
    url = cfg["imdsUrl"].rstrip("/") + path
    data = None if body is None else json.dumps(body).encode("utf-8")
    req = urllib.request.Request(url, data=data, method="GET" if body is None else "POST")
    req.add_header("Metadata", "true")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    # IMDS must be reached directly, never through a proxy (Microsoft Learn, Instance Metadata
    # Service: "bypass proxies").
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(req, timeout=timeout) as resp:
        return resp.getcode(), resp.read().decode("utf-8", "replace")


def fetch_events(cfg, timeout):
    """The Events document, or None (logged) when IMDS is unreachable or answers garbage."""
    path = "/scheduledevents?api-version=%s" % cfg["apiVersion"]
    try:
        code, text = imds_request(cfg, path, timeout=timeout)
    except urllib.error.HTTPError as err:
        log("imds: HTTP %s; retrying" % err.code)
        return None
    except (urllib.error.URLError, OSError, ValueError) as err:
        log("imds: unreachable (%s); retrying" % err)
        return None
    if code != 200:
        log("imds: HTTP %s; retrying" % code)
        return None
    try:
        doc = json.loads(text)
        if not isinstance(doc, dict) or not isinstance(doc.get("Events", []), list):
            raise ValueError("no Events list")
        return doc
    except ValueError as err:
        log("imds: malformed response (%s): %r; retrying" % (err, text[:200]))
        return None


def approve(cfg, eid):
    try:
        code, _ = imds_request(cfg, "/scheduledevents?api-version=%s" % cfg["apiVersion"],
                               {"StartRequests": [{"EventId": eid}]})
    except urllib.error.HTTPError as err:
        log("event=%s approve failed: HTTP %s" % (eid, err.code))
        return False
    except (urllib.error.URLError, OSError, ValueError) as err:
        log("event=%s approve failed: %s" % (eid, err))
        return False
    if code != 200:
        log("event=%s approve failed: HTTP %s" % (eid, code))
        return False
    log("event=%s approved (StartRequests posted)" % eid)
    return True


# --------------------------------------------------------------------------------------------
# Cluster (CLUSTERPRO: clpstat / clpgrp; the node names are the VM and host names)


def command(cfg, name):
    path = os.environ.get("PATH", "") + os.pathsep + os.pathsep.join(cfg.get("extraPath", []))
    found = shutil.which(name, path=path)
    if not found:
        raise RuntimeError("%s not found on PATH or in %s" % (name, cfg.get("extraPath", [])))
    return found


def run(cmd, timeout):
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        out, _ = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        out, _ = p.communicate()
        return 124, out.decode("utf-8", "replace")
    return p.returncode, out.decode("utf-8", "replace")


def parse_clpstat(text):
    """Servers (name -> status) and groups (name -> current server) from `clpstat --long`.

    The layout (sections <server>, <group>, <monitor>; `*` marks the local server; a group's
    `current : <server>` line below it) is the one NEC's EXPRESSCLUSTER how-to guides print
    (e.g. EXPRESSCLUSTER/Vagrant README; EXPRESSCLUSTER/Docker MariaDB how-to for `clpstat --long`).
    """
    servers, groups = {}, {}
    section, top, last_group = None, None, None
    for raw in text.splitlines():
        line = raw.rstrip()
        s = line.strip()
        if s.startswith("<") and s.endswith(">"):
            section, top, last_group = s[1:-1], None, None
            continue
        if ":" not in s or section not in ("server", "group"):
            continue
        name_part, value = s.split(":", 1)
        indent = len(line) - len(line.lstrip()) + (1 if s.startswith("*") else 0)
        name = name_part.lstrip("*").strip().rstrip(".").strip()
        value = value.strip()
        if top is None:
            top = indent
        if section == "server" and indent == top:
            servers[name] = value.split()[0] if value else ""
        elif section == "group":
            if indent == top:
                last_group = name
                groups.setdefault(name, "")
            elif name == "current" and last_group:
                groups[last_group] = value.split()[0] if value else ""
    return servers, groups


def cluster_state(cfg):
    code, out = run([command(cfg, "clpstat"), "--long"], 60)
    if code != 0:
        raise RuntimeError("clpstat exited %d: %s" % (code, out.strip()[:300]))
    servers, groups = parse_clpstat(out)
    up = [n for n, st in servers.items() if st == "Online"]
    return up, groups


def drain(cfg, me, peer):
    """Moves every group this node runs to peer; True when none is left here."""
    _, groups = cluster_state(cfg)
    mine = sorted(g for g, cur in groups.items() if cur == me)
    for g in mine:
        # clpgrp -m <group> -a <server>: move the group to that server; -h would only name the
        # server that handles the request (NEC, EXPRESSCLUSTER/clpaic src/clpaic-local/
        # tool_definitions.py: move_group, and the common -h property).
        code, out = run([command(cfg, "clpgrp"), "-m", g, "-a", peer], cfg["moveTimeoutSec"])
        log("clpgrp -m %s -a %s: exit %d %s" % (g, peer, code, out.strip()[:300]))
    _, groups = cluster_state(cfg)
    left = sorted(g for g, cur in groups.items() if cur == me)
    if left:
        log("drain incomplete: %s still on %s" % (",".join(left), me))
        return False
    log("drained: %s moved to %s" % (",".join(mine) if mine else "no group ran here", peer))
    return True


# --------------------------------------------------------------------------------------------
# State (survives the agent's own restart)


def load_state(path):
    try:
        with open(path) as f:
            st = json.load(f)
        if isinstance(st, dict) and isinstance(st.get("events"), dict):
            return st
    except (OSError, ValueError):
        pass
    return {"events": {}}


def save_state(path, st):
    d = os.path.dirname(path)
    if d and not os.path.isdir(d):
        os.makedirs(d, 0o700)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(st, f, sort_keys=True)
    os.replace(tmp, path)


def poll_once(cfg, st, timeout):
    doc = fetch_events(cfg, timeout)
    if doc is None:
        return False
    events = doc.get("Events") or []
    seen = st["events"]
    ids = set(e.get("EventId", "") for e in events)
    for eid in sorted(set(seen) - ids):
        rec = seen.pop(eid)
        # CLUSTERPRO needs no resume: the node stays a failover target; groups stay where they are.
        log("event=%s ended (%s, was %s); nothing to resume for %s" % (eid, rec.get("type", ""), rec.get("decision", ""), cfg["kind"]))
    todo = [e for e in events if seen.get(e.get("EventId", ""), {}).get("decision") not in FINAL]
    if todo:
        mine = [e for e in todo if cfg["node"] in (e.get("Resources") or [])]
        up = list(cfg["nodes"])
        if mine:
            try:
                up, _ = cluster_state(cfg)
            except (RuntimeError, OSError) as err:
                log("cluster state unknown (%s): treating every peer as unhealthy" % err)
                up = [cfg["node"]]
        for d in decide(events, cfg["node"], cfg["nodes"], up, cfg):
            eid, dec = d["eventId"], d["decision"]
            prev = seen.get(eid, {}).get("decision")
            if prev in FINAL:
                continue
            if dec == prev:
                continue  # an unchanged hold: logged once
            log("event=%s type=%s decision=%s reason=%s" % (eid, d["type"], dec, d["reason"]))
            ok = True
            if dec in ("drain", "drain-approve"):
                try:
                    ok = drain(cfg, cfg["node"], d["peer"])
                except (RuntimeError, OSError) as err:
                    log("event=%s drain failed: %s" % (eid, err))
                    ok = False
            if ok and dec in ("approve", "drain-approve"):
                ok = approve(cfg, eid)
            if not ok:
                log("event=%s not completed; retried on the next poll" % eid)
                continue
            seen[eid] = {"decision": dec, "type": d["type"], "at": int(time.time())}
    save_state(cfg["stateFile"], st)
    return True


def main(argv):
    cfg_path = "/etc/azure-ha-cluster/scheduled-events.json"
    iterations = 0
    i = 1
    while i < len(argv):
        if argv[i] == "--config":
            cfg_path = argv[i + 1]
            i += 2
        elif argv[i] == "--iterations":
            iterations = int(argv[i + 1])
            i += 2
        else:
            log("usage: agent.py [--config FILE] [--iterations N]")
            return 2
    with open(cfg_path) as f:
        cfg = json.load(f)
    cfg.setdefault("apiVersion", "2020-07-01")
    cfg.setdefault("moveTimeoutSec", 600)
    log("start: node=%s nodes=%s kind=%s actOn=%s approve=%s freezeToleranceSec=%s poll=%ss imds=%s" % (
        cfg["node"], ",".join(cfg["nodes"]), cfg["kind"], ",".join(cfg["actOn"]), cfg["approve"],
        cfg["freezeToleranceSec"], cfg["pollSec"], cfg["imdsUrl"]))
    st = load_state(cfg["stateFile"])
    first = True
    n = 0
    while iterations == 0 or n < iterations:
        n += 1
        # The first call enables Scheduled Events and may take up to two minutes.
        try:
            ok = poll_once(cfg, st, cfg.get("firstTimeoutSec", 130) if first else cfg.get("timeoutSec", 15))
        except Exception as err:  # noqa: BLE001 - one bad document must not stop the agent
            log("poll failed (%s: %s); retrying" % (type(err).__name__, err))
            ok = False
        first = first and not ok
        if iterations == 0 or n < iterations:
            time.sleep(cfg["pollSec"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
