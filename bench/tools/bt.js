#!/usr/bin/env node
// /proc and file helpers for bench/run.sh (Linux only). Timestamps are epoch milliseconds, the clock of
// `date +%s%3N`.
//
//   descendants <pid>                       "pid ppid rss_kib cmdline", one line per descendant
//   rss <pid...>                            KiB: sum of VmRSS
//   tree-rss <pid> [exclude...]             KiB: pid and its descendants, minus the excluded pids and their subtrees
//   threads <pid>                           the Threads: line of /proc/PID/status
//   cpu-ticks <pid...>                      utime+stime clock ticks, summed
//   wait-procs <root> <count> <timeout_ms> <match>
//                                           until >= count descendants of root have `match` in their command line;
//                                           prints "<epoch_ms> <seen>" or "TIMEOUT <seen>"
//   wait-gone <timeout_ms> <pid...>         until every pid is gone (a zombie counts as gone);
//                                           prints "<epoch_ms> 0" or "TIMEOUT <alive>"
//   wait-tree-gone <timeout_ms> <extra_ms> <main_pid> [pid...]
//                                           until main_pid is gone, then up to extra_ms more for the others;
//                                           prints "<main_gone_ms> <all_gone_ms|LEFT:n>" or "TIMEOUT <alive>"
//   wait-size <bytes> <timeout_ms> <stall_ms> <dir> <prefix>
//                                           until the files in dir named prefix* hold >= bytes;
//                                           prints "<epoch_ms> <bytes>" or "TIMEOUT|STALL <bytes>"
//   spec <out.json> <prefix> <count> <namespace> <script> [args...] [--set key=json ...]
//                                           writes an ecosystem file {"apps":[...]} (PM2's format, jmon's too)
//   states <pm2|jmon>                       reads a jlist on stdin; prints "name state pid restarts namespace"
//                                           (tab separated), state one of online stopped errored starting stopping other
'use strict';
const fs = require('fs');
const path = require('path');

function stat(pid) {
  let s;
  try { s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8'); } catch (e) { return null; }
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return { state: f[0], ppid: +f[1], utime: +f[11], stime: +f[12] };
}
function alive(pid) { const s = stat(pid); return s !== null && s.state !== 'Z' && s.state !== 'X'; }
function children(pid) {
  const out = [];
  let tasks = [];
  try { tasks = fs.readdirSync(`/proc/${pid}/task`); } catch (e) { return out; }
  for (const t of tasks) {
    try {
      const c = fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim();
      if (c) for (const x of c.split(/\s+/)) out.push(+x);
    } catch (e) { /* task ended */ }
  }
  return out;
}
function descendants(pid, exclude) {
  const out = [], stack = [pid];
  while (stack.length) {
    for (const c of children(stack.pop())) {
      if (exclude && exclude.has(c)) continue;
      out.push(c);
      stack.push(c);
    }
  }
  return out;
}
function cmdline(pid) {
  try { return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim(); } catch (e) { return ''; }
}
function status(pid, key) {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? +m[1] : 0;
  } catch (e) { return 0; }
}
const rss = (pid) => status(pid, 'VmRSS');
const ticks = (pid) => { const s = stat(pid); return s ? s.utime + s.stime : 0; };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nums = (a) => a.map(Number).filter((x) => x > 0);

async function main() {
  const [cmd, ...a] = process.argv.slice(2);
  switch (cmd) {
    case 'descendants':
      for (const p of descendants(+a[0])) {
        const s = stat(p);
        console.log(`${p} ${s ? s.ppid : '?'} ${rss(p)} ${cmdline(p)}`);
      }
      break;
    case 'rss': console.log(nums(a).reduce((s, p) => s + rss(p), 0)); break;
    case 'tree-rss': {
      const ex = new Set(nums(a.slice(1)));
      console.log(descendants(+a[0], ex).reduce((s, p) => s + rss(p), rss(+a[0])));
      break;
    }
    case 'threads': console.log(status(+a[0], 'Threads')); break;
    case 'cpu-ticks': console.log(nums(a).reduce((s, p) => s + ticks(p), 0)); break;
    case 'wait-procs': {
      const [root, count, timeout, match] = [+a[0], +a[1], +a[2], a[3] || ''];
      const end = Date.now() + timeout;
      for (;;) {
        let n = 0;
        for (const p of descendants(root)) if (cmdline(p).includes(match)) n++;
        if (n >= count) { console.log(`${Date.now()} ${n}`); return; }
        if (Date.now() > end) { console.log(`TIMEOUT ${n}`); return; }
        await sleep(5);
      }
    }
    case 'wait-gone': {
      const pids = nums(a.slice(1));
      const end = Date.now() + +a[0];
      for (;;) {
        const left = pids.filter(alive).length;
        if (left === 0) { console.log(`${Date.now()} 0`); return; }
        if (Date.now() > end) { console.log(`TIMEOUT ${left}`); return; }
        await sleep(5);
      }
    }
    case 'wait-tree-gone': {
      const [timeout, extra, main] = [+a[0], +a[1], +a[2]];
      const rest = nums(a.slice(3));
      const end = Date.now() + timeout;
      let tMain = 0;
      for (;;) {
        const now = Date.now();
        if (!tMain && !alive(main)) tMain = now;
        if (tMain) {
          const left = rest.filter(alive).length;
          if (left === 0) { console.log(`${tMain} ${now}`); return; }
          if (now > tMain + extra) { console.log(`${tMain} LEFT:${left}`); return; }
        } else if (now > end) { console.log('TIMEOUT 1'); return; }
        await sleep(2);
      }
    }
    case 'wait-size': {
      const [bytes, timeout, stall, dir, prefix] = [+a[0], +a[1], +a[2], a[3], a[4]];
      const end = Date.now() + timeout;
      let last = -1, lastChange = Date.now();
      for (;;) {
        let sum = 0, names = [];
        try { names = fs.readdirSync(dir); } catch (e) { /* not there yet */ }
        for (const n of names) {
          if (!n.startsWith(prefix)) continue;
          try { sum += fs.statSync(path.join(dir, n)).size; } catch (e) { /* rotated away */ }
        }
        const now = Date.now();
        if (sum >= bytes) { console.log(`${now} ${sum}`); return; }
        if (sum !== last) { last = sum; lastChange = now; }
        if (sum > 0 && now - lastChange > stall) { console.log(`STALL ${sum}`); return; }
        if (now > end) { console.log(`TIMEOUT ${sum}`); return; }
        await sleep(10);
      }
    }
    case 'spec': {
      const [out, prefix, count, ns, script, ...rest] = a;
      const args = [], sets = {};
      for (let i = 0; i < rest.length; i++) {
        if (rest[i] === '--set') {
          const kv = rest[++i], eq = kv.indexOf('=');
          sets[kv.slice(0, eq)] = JSON.parse(kv.slice(eq + 1));
        } else args.push(rest[i]);
      }
      const n = +count, width = Math.max(2, String(n).length), apps = [];
      for (let i = 1; i <= n; i++) {
        const name = n === 1 ? prefix : `${prefix}-${String(i).padStart(width, '0')}`;
        apps.push(Object.assign({ name, script, args, namespace: ns }, sets));
      }
      fs.writeFileSync(out, JSON.stringify({ apps }, null, 2) + '\n');
      break;
    }
    case 'states': {
      let b = '';
      process.stdin.on('data', (d) => { b += d; }).on('end', () => {
        let l;
        try { l = JSON.parse(b.slice(b.indexOf('['))); } catch (e) { process.exit(1); }
        const norm = { online: 'online', stopped: 'stopped', errored: 'errored', launching: 'starting',
          starting: 'starting', 'waiting restart': 'starting', restarting: 'starting', stopping: 'stopping',
          exited: 'stopped', 'one-launch-status': 'stopped' };
        const lines = [];
        for (const p of l) {
          const e = p.pm2_env || {};
          const st = String(p.status || e.status || '').toLowerCase();
          lines.push([p.name, norm[st] || 'other', p.pid || 0, e.restart_time ?? p.restarts ?? 0,
            e.namespace || p.namespace || ''].join('\t'));
        }
        if (lines.length) console.log(lines.join('\n'));
      });
      break;
    }
    default:
      console.error('unknown command; see the header of bench/tools/bt.js');
      process.exit(2);
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
