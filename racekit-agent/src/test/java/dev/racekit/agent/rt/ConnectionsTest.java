package dev.racekit.agent.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import org.junit.jupiter.api.Test;

class ConnectionsTest {
  @Test
  void bothEndsOfAConnectionNameOneSyncObjectAndOtherConnectionsAnother() {
    long client = Connections.sync(50123, 8080);
    assertEquals(client, Connections.sync(8080, 50123), "the server's end");
    assertNotEquals(client, Connections.sync(50124, 8080));
    assertNotEquals(client, Connections.sync(50123, 8081));
    long lowest = Connections.sync(1, 1);
    long highest = Connections.sync(0xFFFF, 0xFFFF);
    assertTrue(lowest >= Connections.BASE && highest < Blocks.BASE, "below every object's block");
    assertEquals(0, highest % 8, "a word each");
  }

  @Test
  void aSocketNotConnectedOrNotIpHasNone() {
    assertEquals(0, Connections.sync(0, 8080));
    assertEquals(0, Connections.sync(50123, -1));
    assertEquals(0, Connections.sync(70000, 8080));
    InetAddress lo = InetAddress.getLoopbackAddress();
    assertEquals(Connections.sync(50123, 8080),
        Connections.sync(new InetSocketAddress(lo, 50123), new InetSocketAddress(lo, 8080)));
    assertEquals(0, Connections.sync(new InetSocketAddress(lo, 50123), null));
    assertEquals(0, Connections.sync(new InetSocketAddress(lo, 50123), UnixDomainSocketAddress.of("/a")));
  }

  @Test
  void aUnixDomainSocketsTwoEndsNameOneSyncObjectAfterTheFiles() {
    UnixDomainSocketAddress server = UnixDomainSocketAddress.of("/run/app/socket");
    UnixDomainSocketAddress unnamed = UnixDomainSocketAddress.of("");
    long client = Connections.sync(unnamed, server);
    assertEquals(client, Connections.sync(server, unnamed), "the server's end");
    assertNotEquals(client, Connections.sync(unnamed, UnixDomainSocketAddress.of("/run/app/other")));
    UnixDomainSocketAddress bound = UnixDomainSocketAddress.of("/tmp/client");
    assertEquals(Connections.sync(bound, server), Connections.sync(server, bound), "a client bound to a path");
    assertNotEquals(client, Connections.sync(bound, server));
    assertTrue(client >= Connections.UNIX && Connections.UNIX >= FilePaths.BASE + (0xFFFF_FFFFL << 3) + 8,
        "after every file's object");
    assertTrue(Connections.UNIX + (0xFFFF_FFFFL << 3) < Blocks.BASE, "below every object's block");
  }

  @Test
  void onlyAReadThatReceivedBytesOrTheEndOfTheStreamOrdersTheReader() {
    assertTrue(Connections.delivered(1));
    assertTrue(Connections.delivered(Integer.MAX_VALUE));
    assertTrue(Connections.delivered(-1), "the end of the stream: the other end closed after its last write");
    assertFalse(Connections.delivered(0), "a channel with nothing to read");
    assertFalse(Connections.delivered(-2), "IOStatus.UNAVAILABLE");
    assertFalse(Connections.delivered(-3), "IOStatus.INTERRUPTED");
  }

  @Test
  void aDatagramPortHasOneSyncObjectAfterTheConnections() {
    InetAddress lo = InetAddress.getLoopbackAddress();
    long port = Connections.datagramSync(new InetSocketAddress(lo, 5353));
    assertEquals(port, Connections.datagramSync(new InetSocketAddress("127.0.0.2", 5353)), "the port names it");
    assertNotEquals(port, Connections.datagramSync(new InetSocketAddress(lo, 5354)));
    assertTrue(port > Connections.sync(0xFFFF, 0xFFFF), "after every connection's");
    assertTrue(Connections.datagramSync(new InetSocketAddress(lo, 0xFFFF)) < Blocks.BASE);
    assertEquals(0, Connections.datagramSync(new InetSocketAddress(lo, 0)));
    assertEquals(0, Connections.datagramSync(null));
  }
}
