#!/usr/bin/env node
/*
 * A real irc-framework client that the Python tests drive against a real Gofto host
 * (tests/server/test_chathistory_library.py). Gofto's own clients and the raw test clients
 * were written here; this is code nobody here wrote reading Gofto's IRCv3 history.
 *
 * Input (stdin, one JSON object):
 *   host, port            where the host listens (TLS)
 *   fingerprint256        the host certificate's SHA-256 ("AA:BB:..."): the connection is
 *                         dropped before anything is read when it differs (the certificate
 *                         is self-signed, so it is pinned instead of verified)
 *   nick                  the nickname
 *   account, password     SASL PLAIN through the library's `account` option (omit: no SASL)
 *   caps                  capabilities asked for besides the library's own (requestCap)
 *   steps                 in order; each one waits for its answer before the next:
 *     {"op": "send", "line": "CHATHISTORY …", "label": "q1"}
 *         sends `@label=q1 <line>` (client.raw with an IrcMessage) and waits for the answer
 *         that carries the label: a batch (the library's `batch end` event, its commands and
 *         the message events it emitted for them) or a single line the library has no handler
 *         of its own for (`unknown command`: FAIL, ACK, MARKREAD, REGISTER…).
 *     {"op": "say", "target": "alice", "text": "…", "label": "s1"}
 *         client.say() with the label tag; waits for the labelled answer (an ACK).
 *     {"op": "join", "channel": "#room"}
 *         client.join() and waits for the library's `userlist` event of that channel.
 *   step_timeout_ms, total_timeout_ms
 *
 * Output (stdout, one JSON object a line): {"event": "registered", …}, one {"event": "reply"}
 * or {"event": "joined"} per step, {"event": "unsolicited", …} for what came unasked,
 * {"event": "join", …} for JOINs, and {"event": "done"} after a clean QUIT. On any error:
 * {"event": "error", "reason": …} and exit status 1.
 */
'use strict';

const { Client, Message } = require('irc-framework');

function out(obj) {
    process.stdout.write(JSON.stringify(obj) + '\n');
}

let finished = false;
function fail(reason) {
    if (finished) {
        return;
    }
    finished = true;
    out({ event: 'error', reason: String(reason) });
    // stdout is a pipe: let it drain before the process ends.
    process.stdout.write('', () => process.exit(1));
}

function readInput() {
    return new Promise((resolve, reject) => {
        const chunks = [];
        process.stdin.on('data', (chunk) => chunks.push(chunk));
        process.stdin.on('end', () => {
            try {
                resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
            } catch (err) {
                reject(err);
            }
        });
        process.stdin.on('error', reject);
    });
}

/** A batched or single command as the library parsed it. */
function describeCommand(cmd) {
    return {
        command: cmd.command,
        params: cmd.params,
        tags: cmd.tags,
        nick: cmd.nick,
        ident: cmd.ident,
        hostname: cmd.hostname,
        // getServerTime(): the library's reading of the server-time tag (ms since the epoch).
        time: cmd.getServerTime() === undefined ? null : cmd.getServerTime(),
    };
}

/** A privmsg/notice/action event as the library emitted it. */
function describeEvent(type, event) {
    return {
        type,
        nick: event.nick,
        target: event.target,
        message: event.message,
        time: event.time === undefined ? null : event.time,
        account: event.account === undefined ? null : event.account,
        msgid: event.tags ? event.tags.msgid : undefined,
        client_tags: Object.fromEntries(
            Object.entries(event.tags || {}).filter(([key]) => key[0] === '+')),
    };
}

async function main() {
    const input = await readInput();
    const stepTimeout = input.step_timeout_ms || 5000;
    setTimeout(() => fail('total timeout'), input.total_timeout_ms || 30000);

    const client = new Client();
    const batchLabels = new Map(); // batch id → the label on its opening line
    const batchEvents = new Map(); // batch id → the message events emitted for its lines
    let waiting = null; // {label, resolve} of the step in progress
    let loggedIn = null;

    // The raw middleware sees each line as the library parsed it (tags included) before
    // the library's own handlers: the only place the opening BATCH line's label is visible.
    client.use((_client, rawMiddleware) => {
        rawMiddleware.use((command, message, _line, _c, next) => {
            const ref = message.params[0] || '';
            if (command === 'BATCH' && ref[0] === '+' && message.tags.label !== undefined) {
                batchLabels.set(ref.slice(1), message.tags.label);
            }
            next();
        });
    });

    function deliver(reply) {
        if (waiting && reply.label === waiting.label) {
            const { resolve } = waiting;
            waiting = null;
            resolve(reply);
        } else {
            out(Object.assign({ event: 'unsolicited' }, reply));
        }
    }

    for (const type of ['privmsg', 'notice', 'action']) {
        client.on(type, (event) => {
            if (!event.batch) {
                out({ event: 'unsolicited', kind: 'message', message: describeEvent(type, event) });
                return;
            }
            if (!batchEvents.has(event.batch.id)) {
                batchEvents.set(event.batch.id, []);
            }
            batchEvents.get(event.batch.id).push(describeEvent(type, event));
        });
    }
    client.on('batch end', (batch) => {
        const label = batchLabels.get(batch.id);
        batchLabels.delete(batch.id);
        const events = batchEvents.get(batch.id) || [];
        batchEvents.delete(batch.id);
        deliver({
            kind: 'batch',
            label: label === undefined ? null : label,
            type: batch.type,
            params: batch.params,
            commands: batch.commands.map(describeCommand),
            events,
        });
    });
    client.on('unknown command', (cmd) => {
        if (cmd.batch) {
            return; // one line of a batch: reported with the batch
        }
        const label = cmd.getTag('label');
        deliver(Object.assign({ kind: 'line', label: label === undefined ? null : label },
            describeCommand(cmd)));
    });
    client.on('join', (event) => {
        out({ event: 'join', nick: event.nick, channel: event.channel, account: event.account });
    });
    client.on('loggedin', (event) => {
        loggedIn = event.account;
    });
    client.on('sasl failed', (event) => fail('SASL failed: ' + event.reason));
    let quitting = false;
    client.on('close', () => {
        if (!quitting) {
            fail('connection closed');
            return;
        }
        finished = true;
        out({ event: 'done' });
        process.stdout.write('', () => process.exit(0));
    });
    client.on('socket connected', () => {
        const socket = client.connection.transport.socket;
        const seen = socket.getPeerCertificate().fingerprint256;
        if (seen !== input.fingerprint256) {
            socket.destroy(); // before the host can ask for the password
            fail('certificate ' + seen + ' is not the pinned ' + input.fingerprint256);
        }
    });

    function waitFor(label, send) {
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('no answer labelled ' + label)),
                stepTimeout);
            waiting = {
                label,
                resolve: (reply) => {
                    clearTimeout(timer);
                    resolve(reply);
                },
            };
            send();
        });
    }

    function joined(channel) {
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('no names list for ' + channel)),
                stepTimeout);
            const onList = (event) => {
                if (client.caseCompare(event.channel, channel)) {
                    clearTimeout(timer);
                    client.removeListener('userlist', onList);
                    resolve(event);
                }
            };
            client.on('userlist', onList);
            client.join(channel);
        });
    }

    const registered = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('not registered')), stepTimeout);
        client.once('registered', (event) => {
            clearTimeout(timer);
            resolve(event);
        });
    });

    client.requestCap(input.caps || []);
    client.connect({
        host: input.host,
        port: input.port,
        tls: true,
        // Self-signed host certificate: pinned by fingerprint above instead.
        rejectUnauthorized: false,
        nick: input.nick,
        username: input.nick,
        gecos: 'irc-framework interop peer',
        account: input.account ? { account: input.account, password: input.password } : undefined,
        sasl_disconnect_on_fail: true,
        auto_reconnect: false,
    });

    const welcome = await registered;
    out({
        event: 'registered',
        nick: welcome.nick,
        account: loggedIn,
        caps: client.network.cap.enabled,
    });

    for (const [index, step] of input.steps.entries()) {
        if (step.op === 'join') {
            const list = await joined(step.channel);
            out({ event: 'joined', step: index, channel: list.channel });
        } else if (step.op === 'send') {
            const [command, ...params] = splitLine(step.line);
            const message = new Message(command, ...params);
            message.tags.label = step.label;
            const reply = await waitFor(step.label, () => client.raw(message));
            out(Object.assign({ event: 'reply', step: index }, reply));
        } else if (step.op === 'say') {
            const tags = { label: step.label };
            const reply = await waitFor(step.label, () => client.say(step.target, step.text, tags));
            out(Object.assign({ event: 'reply', step: index }, reply));
        } else {
            throw new Error('unknown step ' + JSON.stringify(step));
        }
    }

    quitting = true;
    client.quit('interop peer done');
}

/** "CMD a b :last words" → ["CMD", "a", "b", "last words"]. */
function splitLine(line) {
    const colon = line.indexOf(' :');
    const head = colon === -1 ? line : line.slice(0, colon);
    const words = head.split(' ').filter((w) => w !== '');
    if (colon !== -1) {
        words.push(line.slice(colon + 2));
    }
    return words;
}

main().catch((err) => fail(err && err.stack ? err.stack : err));
