'use strict';
// Stands in for Electron's utilityProcess runtime in the tests: a Node child (forked with an
// IPC channel) that offers `process.parentPort` the way Electron does (postMessage out,
// 'message' events carrying {data} in), then loads the script named by UTILITY_SHIM_TARGET.
const { EventEmitter } = require('node:events');

const port = new EventEmitter();
port.postMessage = (message) => process.send(message);
process.on('message', (message) => port.emit('message', { data: message }));
process.parentPort = port;
process.on('disconnect', () => process.exit(0));
require(process.env.UTILITY_SHIM_TARGET);
