/**
 * The yardstick for bench:pages: bare Express 5 + EJS on this machine, no database. `/hello` answers
 * a word; `/table` renders a 50-row table with a layout, about the work of one of our list pages.
 * Started by pages.ts as its own process; prints its port on stdout.
 */
import express from 'express';
import ejs from 'ejs';

const rows = Array.from({ length: 50 }, (_, i) => ({
  id: 1_000_000 + i,
  name: `Customer ${i}`,
  email: `customer${i}@example.com`,
  phone: `+1 555 010 ${String(i).padStart(4, '0')}`,
  cents: i * 1234,
}));
const table =
  ejs.compile(`<!doctype html><html><head><title>Table</title><link rel="stylesheet" href="/a.css"></head><body>
<nav><a href="/">Home</a> <a href="/customers">Customers</a></nav><main><h1>Customers</h1><table>
<thead><tr><th>ID</th><th>Name</th><th>Email</th><th>Phone</th><th>Spent</th></tr></thead><tbody>
<% for (const r of rows) { %><tr><td><a href="/customers/<%= r.id %>"><%= r.id %></a></td><td><%= r.name %></td><td><%= r.email %></td><td><%= r.phone %></td><td>$<%= (r.cents / 100).toFixed(2) %></td></tr>
<% } %></tbody></table></main></body></html>`);

const app = express();
app.disable('x-powered-by');
app.get('/hello', (_req, res) => void res.send('hello'));
app.get('/table', (_req, res) => void res.type('html').send(table({ rows })));
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(typeof address === 'object' && address ? address.port : 0);
});
