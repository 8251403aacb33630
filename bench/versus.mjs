// This checkout's WASM call against another checkout's, side by side in one run, with the method of
// bench/peers.mjs (each module in its own bench/peer-process.mjs, alternating rounds, median of the
// per-round ratios with p10-p90, on-CPU time beside): the call, and each one's conversion share.
// For judging a change to the call (how the snapshot crosses, what the core builds per call).
//
//   node bench/versus.mjs <other checkout> [rounds]
//
// The other checkout needs its own pkg/ (`make wasm`), node_modules and target/bench/corpus.json
// (links to this checkout's do); its peer-process.mjs is used as it is there.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { path, ratioSpread, showRatio, spread } from './lib.mjs';

const [other, rounds = '21'] = process.argv.slice(2);
if (!other) throw new Error('usage: node bench/versus.mjs <other checkout> [rounds]');
const ROUNDS = Number(rounds);
const SCRIPTS = { this: path('bench/peer-process.mjs'), other: join(other, 'bench/peer-process.mjs') };

function start(checkout, peer) {
  const child = spawn(process.execPath, [SCRIPTS[checkout], peer], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (line) => waiting.shift()?.resolve(line));
  child.on('exit', (code) => waiting.splice(0).forEach((w) => w.reject(new Error(`${checkout} ${peer} exited with ${code}`))));
  const next = () => new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  const ready = next();
  return { ready, ask: (line) => (child.stdin.write(`${line}\n`), next()), quit: () => child.stdin.end('quit\n') };
}

async function compare([aCheckout, aPeer], [bCheckout, bPeer], set) {
  const a = start(aCheckout, aPeer);
  const b = start(bCheckout, bPeer);
  await Promise.all([a.ready, b.ready]);
  const batchA = Number(await a.ask(`calibrate ${set} 100`));
  const batchB = Number(await b.ask(`calibrate ${set} 100`));
  const t = { a: [], b: [], aCpu: [], bCpu: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const peer of round % 2 === 0 ? [a, b] : [b, a]) {
      const side = peer === a ? 'a' : 'b';
      const [wall, cpu] = (await peer.ask(`run ${set} ${peer === a ? batchA : batchB}`)).split(' ').map(Number);
      t[side].push(wall);
      t[`${side}Cpu`].push(cpu);
    }
  }
  a.quit();
  b.quit();
  console.log(`${aCheckout} ${aPeer} / ${bCheckout} ${bPeer}, ${set}: ${showRatio(ratioSpread(t.a, t.b))}, on-CPU ${showRatio(ratioSpread(t.aCpu, t.bCpu))}; ms ${JSON.stringify(spread(t.a))} / ${JSON.stringify(spread(t.b))}`);
}

for (const set of ['typical', 'small', 'corpus']) await compare(['this', 'wasm'], ['other', 'wasm'], set);
for (const checkout of ['other', 'this']) {
  for (const set of ['typical', 'small']) await compare([checkout, 'wasm-unaddressed'], [checkout, 'wasm'], set);
}
