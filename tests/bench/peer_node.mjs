// The Node.js peer of conlab-bench --async: n timers of ms milliseconds awaited at once, as the async strategy's
// sleep tasks are. Prints "seconds peak_rss_kib" on one line; the time covers creating and awaiting the timers, not
// Node's start-up, as the async strategy's covers its run and not the tool's.
//
//   node peer_node.mjs N MS

const [n, ms] = process.argv.slice(2).map(Number);
if (!Number.isInteger(n) || !Number.isInteger(ms) || n < 1 || ms < 0) {
    console.error('usage: node peer_node.mjs N MS');
    process.exit(2);
}
const start = process.hrtime.bigint();
await Promise.all(Array.from({ length: n }, () => new Promise((resolve) => setTimeout(resolve, ms))));
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(`${seconds.toFixed(4)} ${process.resourceUsage().maxRSS}`);
