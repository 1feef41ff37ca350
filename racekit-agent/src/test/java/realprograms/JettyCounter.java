package realprograms;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;

/**
 * A real web server under the agent: Jetty 12 on a loopback port, its handler counting requests per path in a
 * {@code ConcurrentHashMap} of {@code LongAdder}s, and four client threads each sending its requests over fresh
 * connections (HTTP/1.1, {@code Connection: close}) through plain sockets. Jetty's selector, its thread pool and
 * its connections' life cycle all run instrumented. The counts are the same in every run: the program prints the
 * responses that came back 200, the requests counted, and the paths seen.
 *
 * <p>Usage: {@code JettyCounter [requests per client]} (default 200).
 */
public final class JettyCounter {
  static final int CLIENTS = 4;
  static final int PATHS = 8;

  public static void main(String[] args) throws Exception {
    int perClient = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    ConcurrentHashMap<String, LongAdder> hits = new ConcurrentHashMap<>();
    Server server = new Server(0);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        hits.computeIfAbsent(path, p -> new LongAdder()).increment();
        response.setStatus(200);
        response.getHeaders().put("Content-Type", "text/plain");
        Content.Sink.write(response, true, "counted " + path + "\n", callback);
        return true;
      }
    });
    server.start();
    int port = ((NetworkConnector) server.getConnectors()[0]).getLocalPort();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<Integer>> results = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      results.add(clients.submit(() -> requests(port, perClient)));
    }
    int ok = 0;
    for (Future<Integer> f : results) {
      ok += f.get();
    }
    clients.shutdown();
    server.stop();
    long counted = hits.values().stream().mapToLong(LongAdder::sum).sum();
    System.out.println("JettyCounter ok=" + ok + " counted=" + counted + " paths=" + hits.size());
  }

  /** One client's requests, each on a connection of its own; returns how many were answered 200. */
  private static int requests(int port, int count) throws IOException {
    int ok = 0;
    for (int i = 0; i < count; i++) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        OutputStream out = s.getOutputStream();
        out.write(("GET /p" + (i % PATHS) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        if (response.startsWith("HTTP/1.1 200")) {
          ok++;
        }
      }
    }
    return ok;
  }
}
