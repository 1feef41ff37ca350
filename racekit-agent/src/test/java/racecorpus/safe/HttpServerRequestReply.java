// EXPECT: no race
package racecorpus.safe;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The test of an embedded server: the JDK's HTTP server records each request's path in a plain static before it
 * responds, and the test reads it after the JDK's HTTP client returned the response (three requests, one connection
 * kept alive). The response's bytes order the handler's write before the read; nothing else does.
 */
public final class HttpServerRequestReply {
  private static String lastPath;

  public static void main(String[] args) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      lastPath = exchange.getRequestURI().getPath();
      byte[] body = "ok".getBytes();
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    HttpClient client = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/p";
    StringBuilder seen = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + i)).build(),
          HttpResponse.BodyHandlers.ofString());
      seen.append(r.body()).append(' ').append(lastPath).append(' ');
    }
    server.stop(0);
    System.out.println(seen.toString().trim());
  }
}
