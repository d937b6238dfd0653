'use strict';
// Conformance scenarios run by PusherJsConformanceTest: the official pusher-js 8.6.0 client and the
// official `pusher` server library, unchanged, against our server. Usage:
//   node scenarios.js <scenario>   with PORT, APP_ID, APP_KEY, APP_SECRET in the environment.
// Exits 0 after printing "PASS <scenario>", or 1 with the failure on stderr. Every wait is bounded.

const http = require('http');
const assert = require('assert');
const PusherClient = require('pusher-js');
const PusherServer = require('pusher');

const PORT = Number(process.env.PORT);
const APP_ID = process.env.APP_ID;
const APP_KEY = process.env.APP_KEY;
const APP_SECRET = process.env.APP_SECRET;
const WAIT_MS = 5000;

const server = new PusherServer({
  appId: APP_ID, key: APP_KEY, secret: APP_SECRET, host: '127.0.0.1', port: String(PORT), useTLS: false,
});

// The app's auth endpoints, signing with the server library: /pusher/auth (channels; a `user`
// form field makes it a presence answer) and /pusher/user-auth (sign-in; `user` and `watch`).
function startAuthEndpoint() {
  return new Promise((resolve) => {
    const endpoint = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => { body += chunk; });
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const socketId = form.get('socket_id');
        let answer;
        if (req.url.startsWith('/pusher/user-auth')) {
          const watch = form.get('watch');
          const user = { id: form.get('user'), name: form.get('user') };
          if (watch) user.watchlist = watch.split(',');
          answer = server.authenticateUser(socketId, user);
        } else {
          const channel = form.get('channel_name');
          const user = form.get('user');
          answer = channel.startsWith('presence-')
            ? server.authorizeChannel(socketId, channel, { user_id: user, user_info: { name: user } })
            : server.authorizeChannel(socketId, channel);
        }
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(answer));
      });
    });
    endpoint.listen(0, '127.0.0.1', () => resolve(endpoint));
  });
}

let authPort;
const clients = [];

function connect(user, watch) {
  const params = user ? { user } : {};
  const userParams = { user: user || '', watch: watch || '' };
  const client = new PusherClient(APP_KEY, {
    cluster: 'local',
    wsHost: '127.0.0.1',
    wsPort: PORT,
    forceTLS: false,
    enabledTransports: ['ws'],
    disableStats: true,
    channelAuthorization: { endpoint: `http://127.0.0.1:${authPort}/pusher/auth`, transport: 'ajax', params },
    userAuthentication: { endpoint: `http://127.0.0.1:${authPort}/pusher/user-auth`, transport: 'ajax', params: userParams },
  });
  clients.push(client);
  return client;
}

// Resolves with the first value `register(resolve)` delivers, or rejects after WAIT_MS.
function within(what, register) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Timed out after ${WAIT_MS} ms waiting for ${what}`)), WAIT_MS);
    register((value) => { clearTimeout(timer); resolve(value); });
  });
}

function connected(client) {
  return within('connection', (done) => {
    if (client.connection.state === 'connected') done();
    else client.connection.bind('connected', () => done());
  });
}

function subscribed(client, name) {
  const channel = client.subscribe(name);
  return within(`subscription to ${name}`, (done) => {
    channel.bind('pusher:subscription_succeeded', () => done(channel));
    channel.bind('pusher:subscription_error', (error) => done(Promise.reject(new Error(JSON.stringify(error)))));
  }).then((result) => result);
}

function nextEvent(channel, event) {
  return within(`${event} on ${channel.name}`, (done) => channel.bind(event, (data) => done(data)));
}

const scenarios = {
  // A client event reaches the other subscriber, never its sender; a server event sent after it
  // proves the sender would already have seen its own event.
  async clientEventReachesOthersButNotItself() {
    const alice = connect();
    const bob = connect();
    const aliceChannel = await subscribed(alice, 'private-js-client-events');
    const bobChannel = await subscribed(bob, 'private-js-client-events');
    const seenByAlice = [];
    aliceChannel.bind('client-typing', (data) => seenByAlice.push(data));
    const bobGotIt = nextEvent(bobChannel, 'client-typing');
    assert.ok(aliceChannel.trigger('client-typing', { room: 12 }));
    assert.deepStrictEqual(await bobGotIt, { room: 12 });
    const marker = nextEvent(aliceChannel, 'marker');
    await server.trigger('private-js-client-events', 'marker', { n: 1 });
    assert.deepStrictEqual(await marker, { n: 1 });
    assert.deepStrictEqual(seenByAlice, []);
  },

  // After unsubscribing, events on that channel no longer arrive (checked against a later event
  // on another channel, which does).
  async noEventsAfterUnsubscribe() {
    const client = connect();
    const lobby = await subscribed(client, 'js-lobby');
    const other = await subscribed(client, 'js-other');
    const first = nextEvent(lobby, 'news');
    await server.trigger('js-lobby', 'news', { n: 1 });
    assert.deepStrictEqual(await first, { n: 1 });
    const late = [];
    lobby.bind('news', (data) => late.push(data));
    client.unsubscribe('js-lobby');
    // The unsubscribe frame goes before the trigger is even sent, over the same socket.
    const marker = nextEvent(other, 'marker');
    await server.trigger('js-lobby', 'news', { n: 2 });
    await server.trigger('js-other', 'marker', {});
    await marker;
    assert.deepStrictEqual(late, []);
  },

  // Presence: members.me, count, member_added and member_removed, through the auth endpoint.
  async presenceMembers() {
    const alice = connect('alice');
    const room = await subscribed(alice, 'presence-js-room');
    assert.strictEqual(room.members.me.id, 'alice');
    assert.deepStrictEqual(room.members.me.info, { name: 'alice' });
    assert.strictEqual(room.members.count, 1);
    const added = nextEvent(room, 'pusher:member_added');
    const bob = connect('bob');
    const bobRoom = await subscribed(bob, 'presence-js-room');
    assert.strictEqual(bobRoom.members.count, 2);
    assert.deepStrictEqual(bobRoom.members.get('alice').info, { name: 'alice' });
    const member = await added;
    assert.strictEqual(member.id, 'bob');
    assert.strictEqual(room.members.count, 2);
    const removed = nextEvent(room, 'pusher:member_removed');
    bob.disconnect();
    assert.strictEqual((await removed).id, 'bob');
    assert.strictEqual(room.members.count, 1);
  },

  // Sign-in, the watchlist (initial state, online, offline), #server-to-user through the events
  // API, and terminate_connections for a signed-in user.
  async signinWatchlistAndServerToUser() {
    const alice = connect('alice', 'bob,carol');
    const initial = within('initial watchlist state', (done) => alice.user.watchlist.bind('offline', done));
    alice.signin();
    const offline = await initial;
    assert.deepStrictEqual(offline.user_ids, ['bob', 'carol']);
    assert.strictEqual(offline.name, 'offline');
    await alice.user.signinDonePromise;
    assert.strictEqual(alice.user.user_data.id, 'alice');

    const online = within('bob online', (done) => alice.user.watchlist.bind('online', done));
    const bob = connect('bob');
    bob.signin();
    assert.deepStrictEqual((await online).user_ids, ['bob']);

    const greeting = within('server-to-user event', (done) => alice.user.bind('greeting', done));
    await within('alice subscribed to her user channel',
      (done) => { const poll = () => (alice.user.serverToUserChannel && alice.user.serverToUserChannel.subscribed ? done() : setTimeout(poll, 20)); poll(); });
    const sent = await server.sendToUser('alice', 'greeting', { text: 'hi' });
    assert.strictEqual(sent.status, 200);
    assert.deepStrictEqual(await greeting, { text: 'hi' });

    const wentOffline = within('bob offline', (done) => alice.user.watchlist.bind('offline', done));
    const bobClosed = within('bob terminated', (done) => bob.connection.bind('state_change', (states) => {
      if (states.current === 'disconnected' || states.current === 'unavailable') done(states.current);
    }));
    const terminated = await server.terminateUserConnections('bob');
    assert.strictEqual(terminated.status, 200);
    assert.strictEqual(await terminated.text(), '{}');
    await bobClosed;
    assert.deepStrictEqual((await wentOffline).user_ids, ['bob']);
    assert.strictEqual(alice.connection.state, 'connected');
  },

  // A cache channel answers pusher:cache_miss while empty, then replays the last event to new subscribers.
  async cacheChannelReplaysLastEvent() {
    const first = connect();
    const missed = within('pusher:cache_miss', (done) => first.subscribe('cache-js-score').bind('pusher:cache_miss', () => done(true)));
    assert.strictEqual(await missed, true);
    await server.trigger('cache-js-score', 'score', { home: 2, away: 1 });
    const late = connect();
    const channel = late.subscribe('cache-js-score');
    const replayed = await within('replayed score', (done) => channel.bind('score', done));
    assert.deepStrictEqual(replayed, { home: 2, away: 1 });
  },

  // The server library as a publisher: trigger and triggerBatch answer 200 with {} exactly, and
  // the info variants and channel queries answer as Pusher documents.
  async serverLibraryPublishesAndQueries() {
    const trigger = await server.trigger('js-publisher', 'ping', { n: 1 });
    assert.strictEqual(trigger.status, 200);
    assert.strictEqual(await trigger.text(), '{}');
    const batch = await server.triggerBatch([
      { channel: 'js-publisher', name: 'a', data: { n: 1 } },
      { channel: 'js-publisher-2', name: 'b', data: { n: 2 } },
    ]);
    assert.strictEqual(batch.status, 200);
    assert.strictEqual(await batch.text(), '{}');

    const client = connect('dora');
    await subscribed(client, 'presence-js-desk');
    await subscribed(client, 'js-desk');
    const withInfo = await server.trigger(['presence-js-desk', 'js-desk'], 'ping', {}, { info: 'user_count,subscription_count' });
    assert.deepStrictEqual(await withInfo.json(), {
      channels: { 'presence-js-desk': { user_count: 1, subscription_count: 1 }, 'js-desk': { subscription_count: 1 } },
    });
    const list = await server.get({ path: '/channels', params: { filter_by_prefix: 'presence-js-', info: 'user_count' } });
    assert.strictEqual(list.status, 200);
    assert.deepStrictEqual(await list.json(), { channels: { 'presence-js-desk': { user_count: 1 } } });
    const one = await server.get({ path: '/channels/js-desk', params: { info: 'subscription_count' } });
    assert.deepStrictEqual(await one.json(), { occupied: true, subscription_count: 1 });
    const users = await server.get({ path: '/channels/presence-js-desk/users' });
    assert.deepStrictEqual(await users.json(), { users: [{ id: 'dora' }] });
  },
};

async function main() {
  const name = process.argv[2];
  const scenario = scenarios[name];
  if (!scenario) throw new Error(`Unknown scenario '${name}': one of ${Object.keys(scenarios).join(', ')}`);
  const endpoint = await startAuthEndpoint();
  authPort = endpoint.address().port;
  try {
    for (const client of clients) await connected(client);
    await scenario();
    console.log(`PASS ${name}`);
  } finally {
    clients.forEach((client) => client.disconnect());
    endpoint.close();
  }
}

main().then(() => process.exit(0), (error) => {
  console.error(error && error.stack ? error.stack : error);
  process.exit(1);
});
