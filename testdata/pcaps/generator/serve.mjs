// How every fake server of the generator runs: keep-alive connections, "listening <port>" on stdout once it accepts
// (generate.sh waits for that line), and a clean stop on SIGTERM/SIGINT that closes the kept-alive connections too.

export function serve(server, port, address = '127.0.0.1') {
  server.keepAliveTimeout = 30000;
  server.listen(port, address, () => {
    console.log(`listening ${server.address().port}`);
  });
  const stop = () => {
    server.close();
    server.closeAllConnections?.();
    setTimeout(() => process.exit(0), 200).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
