/// The dashboard: one self-contained page (no asset fetched from anywhere: styles and script inline),
/// served by every agent at `/` and `/dashboard`, polling the node's own `/v1` API once a second. Made
/// for a control-room screen: the fleet by role, each VIP group, operations in progress, recent events.
public enum DashboardPage {
    public static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>nodeagent</title>
<style>
  :root { --bg:#0f141a; --panel:#17202a; --line:#263341; --text:#dce3ea; --dim:#8597a8; --ok:#2fbf71; --warn:#e0a526; --bad:#e5484d; --info:#4ea1ff; }
  * { box-sizing: border-box; }
  body { margin:0; background:var(--bg); color:var(--text); font:15px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  header { display:flex; align-items:baseline; gap:18px; padding:12px 20px; border-bottom:1px solid var(--line); }
  header h1 { font-size:20px; margin:0; letter-spacing:.5px; }
  header .meta { color:var(--dim); }
  #stale { color:var(--bad); font-weight:600; display:none; }
  main { display:grid; grid-template-columns: 1.1fr 1fr; gap:14px; padding:14px 20px; }
  section { background:var(--panel); border:1px solid var(--line); border-radius:8px; padding:12px 14px; }
  section h2 { font-size:13px; text-transform:uppercase; letter-spacing:1.2px; color:var(--dim); margin:0 0 10px; }
  .roles { display:flex; flex-wrap:wrap; gap:14px; }
  .role { min-width:180px; }
  .role h3 { margin:0 0 6px; font-size:14px; color:var(--dim); }
  .node { display:flex; align-items:center; gap:8px; padding:6px 8px; margin:4px 0; border-radius:6px; background:#1d2834; font-size:17px; }
  .node .name { font-weight:600; min-width:60px; }
  .dot { width:12px; height:12px; border-radius:50%; flex:none; }
  .alive .dot { background:var(--ok); } .suspect .dot { background:var(--warn); } .dead .dot, .unknown .dot { background:var(--bad); } .left .dot { background:var(--dim); }
  .dead { outline:2px solid var(--bad); }
  .tag { font-size:11px; padding:1px 6px; border-radius:4px; border:1px solid var(--line); color:var(--dim); }
  .tag.coord { color:var(--info); border-color:var(--info); }
  .status-text { margin-left:auto; color:var(--dim); font-size:13px; }
  table { width:100%; border-collapse:collapse; }
  th, td { text-align:left; padding:5px 6px; border-bottom:1px solid var(--line); vertical-align:top; }
  th { color:var(--dim); font-weight:500; font-size:12px; }
  .group { margin-bottom:12px; }
  .group .title { display:flex; gap:10px; align-items:baseline; font-size:17px; }
  .group .vip { color:var(--dim); font-family:ui-monospace, monospace; }
  .holder { font-weight:700; }
  .holder.none { color:var(--bad); } .holder.two { color:var(--bad); }
  .why { color:var(--dim); font-size:13px; }
  .ok { color:var(--ok); } .bad { color:var(--bad); } .warn { color:var(--warn); }
  .sev-fatal { color:var(--bad); font-weight:700; } .sev-critical { color:var(--warn); font-weight:600; } .sev-normal { color:var(--info); }
  .cleared { color:var(--dim); }
  .events td { font-size:13px; }
  .empty { color:var(--dim); font-style:italic; }
  .wide { grid-column: 1 / -1; }
</style>
</head>
<body>
<header><h1>nodeagent</h1><span class="meta" id="meta">connecting…</span><span id="stale">no answer from the agent</span></header>
<main>
  <section><h2>Fleet</h2><div id="fleet" class="roles"><span class="empty">loading</span></div></section>
  <section><h2>VIP groups</h2><div id="vips"><span class="empty">loading</span></div></section>
  <section><h2>Operations</h2><div id="ops"><span class="empty">loading</span></div></section>
  <section><h2>Recent events</h2><div id="events"><span class="empty">loading</span></div></section>
</main>
<script>
"use strict";
const el = (id) => document.getElementById(id);
const esc = (text) => String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&":"&amp;", "<":"&lt;", ">":"&gt;", '"':"&quot;", "'":"&#39;" }[c]));
async function get(path) {
  const response = await fetch(path, { cache: "no-store" });
  if (!response.ok) throw new Error(path + ": HTTP " + response.status);
  return response.json();
}
async function optional(path) { try { return await get(path); } catch (error) { return null; } }

function renderFleet(members, coordinator) {
  const byRole = {};
  for (const member of members.members) (byRole[member.role] ??= []).push(member);
  const voters = new Set((coordinator?.voters ?? []).filter((v) => v.voter).map((v) => v.name));
  const roles = Object.keys(byRole).sort();
  el("fleet").innerHTML = roles.map((role) => `<div class="role"><h3>${esc(role)}</h3>` +
    byRole[role].sort((a, b) => a.name.localeCompare(b.name)).map((m) =>
      `<div class="node ${esc(m.status)}" data-node="${esc(m.name)}" data-status="${esc(m.status)}"><span class="dot"></span>` +
      `<span class="name">${esc(m.name)}</span>` +
      (coordinator?.coordinator === m.name ? `<span class="tag coord">coordinator</span>` : "") +
      (voters.has(m.name) ? `<span class="tag">voter</span>` : "") +
      `<span class="status-text">${esc(m.status)}</span></div>`).join("") + `</div>`).join("");
}

function renderVIPs(report) {
  if (!report || !report.groups || report.groups.length === 0) { el("vips").innerHTML = `<span class="empty">no VIP groups on this node</span>`; return; }
  el("vips").innerHTML = report.groups.map((group) => {
    const holders = group.members.filter((m) => m.holdsAddress === true).map((m) => m.name);
    const holderClass = holders.length === 0 ? "none" : holders.length > 1 ? "two" : "";
    const holderText = holders.length === 0 ? "no holder" : holders.join(" + ");
    return `<div class="group" data-group="${esc(group.name)}" data-holder="${esc(holders.join(","))}">` +
      `<div class="title"><b>${esc(group.name)}</b><span class="vip">${esc(group.vip)}</span>` +
      `<span class="holder ${holderClass}">${esc(holderText)}</span>` +
      (group.pin ? `<span class="tag">pinned to ${esc(group.pin)}</span>` : "") + `</div>` +
      `<div class="why">desired ${esc(group.desiredOwner ?? "none")}: ${esc(group.reason)}; granted to ${esc(group.grantHolder ?? "nobody")}</div>` +
      `<table><tr><th>member</th><th>health</th><th>VRRP</th><th>level</th><th>mode</th></tr>` +
      group.members.map((m) => `<tr><td>${esc(m.name)}</td><td class="${m.healthy ? "ok" : "bad"}">${m.healthy ? "healthy" : "failing"}</td>` +
        `<td>${esc(m.vrrp)}</td><td>${esc(m.trackLevel ?? "-")}</td><td>${esc(m.mode)}</td></tr>`).join("") + `</table></div>`;
  }).join("");
}

function renderOps(operations) {
  if (!operations) { el("ops").innerHTML = `<span class="empty">operations need the quorum</span>`; return; }
  const shown = operations.filter((op) => ["running", "paused", "halted"].includes(op.status)).concat(
    operations.filter((op) => !["running", "paused", "halted"].includes(op.status)).slice(-3));
  if (shown.length === 0) { el("ops").innerHTML = `<span class="empty">no operations</span>`; return; }
  el("ops").innerHTML = shown.map((op) => `<div class="group" data-op="${esc(op.id)}"><div class="title"><b>${esc(op.id)}</b>` +
      `<span class="vip">${esc(op.plan)}</span><span class="${op.status === "halted" ? "bad" : op.status === "running" ? "warn" : "ok"}">${esc(op.status)}</span>` +
      `<span class="why">by ${esc(op.admin)}${op.reason ? ": " + esc(op.reason) : ""}</span></div>` +
      `<table><tr><th>batch</th><th>node</th><th>state</th><th>step</th></tr>` +
      op.nodes.map((n) => `<tr><td>${n.batch}</td><td>${esc(n.name)}</td><td>${esc(n.state)}</td><td>${esc(n.step ?? "")} <span class="why">${esc(n.detail ?? "")}</span></td></tr>`).join("") +
      `</table></div>`).join("");
}

function renderEvents(report) {
  if (!report) { el("events").innerHTML = `<span class="empty">no event history</span>`; return; }
  const records = report.records.slice(-25).reverse();
  if (records.length === 0) { el("events").innerHTML = `<span class="empty">no events</span>`; return; }
  el("events").innerHTML = `<table class="events"><tr><th>time</th><th>node</th><th>severity</th><th>event</th></tr>` +
    records.map((r) => `<tr class="${r.kind === "cleared" ? "cleared" : ""}"><td>${new Date(r.time * 1000).toLocaleTimeString()}</td>` +
      `<td>${esc(r.node)}</td><td class="sev-${esc(r.severity)}">${esc(r.severity)}</td>` +
      `<td>${r.kind === "fired" ? "▲" : "▽"} ${esc(r.policy)}${r.subject ? " (" + esc(r.subject) + ")" : ""}: ${esc(r.evidence)}</td></tr>`).join("") + `</table>`;
}

async function refresh() {
  try {
    const [status, members, coordinator, vip, operations, events] = await Promise.all([
      get("/v1/status"), get("/v1/members"), optional("/v1/coordinator"), optional("/v1/vip"),
      optional("/v1/operations"), optional("/v1/events?all_nodes=true&limit=40")]);
    el("meta").textContent = `asked ${status.node} · ${members.members.length} members · coordinator ${coordinator?.coordinator ?? "none"} · term ${coordinator?.term ?? "-"} · ${new Date().toLocaleTimeString()}`;
    el("stale").style.display = "none";
    renderFleet(members, coordinator);
    renderVIPs(vip);
    renderOps(operations);
    renderEvents(events);
    document.body.dataset.updated = String(Date.now());
  } catch (error) {
    el("stale").style.display = "inline";
  }
}
refresh();
setInterval(refresh, 1000);
</script>
</body>
</html>
"""#
}
