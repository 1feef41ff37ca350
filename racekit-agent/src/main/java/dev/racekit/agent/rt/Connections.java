package dev.racekit.agent.rt;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * The sync objects of TCP connections, of UDP ports and of Unix domain sockets. Both ends of a TCP connection inside
 * this process name the same one, the first by its (local, remote) ports, the other by the same two in the other
 * order. They lie below the blocks' addresses ({@link Blocks#BASE}), one word per unordered pair of ports: at most
 * 2^32 words, and only the pairs a program used get an object in the detector. Two connections between the same two
 * ports of different hosts share one. A UDP port's object ({@link #datagramSync}) comes after them, one word per
 * port; Unix domain sockets' ({@link #UNIX}) after the files'.
 */
final class Connections {
  static final long BASE = 0x0000_0800_0000_0000L;

  private Connections() {}

  /** The connection's sync object, or 0 for a socket that is not connected (a port of 0) or a bad port. */
  static long sync(int localPort, int remotePort) {
    if (localPort <= 0 || remotePort <= 0 || localPort > 0xFFFF || remotePort > 0xFFFF) {
      return 0;
    }
    long low = Math.min(localPort, remotePort);
    long high = Math.max(localPort, remotePort);
    return BASE + ((low << 16 | high) << 3);
  }

  /**
   * Whether a read that returned {@code read} received something from the other end: bytes, or the end of the stream
   * (-1). Nothing read (0, or the JDK's other negative codes: unavailable, interrupted) orders nothing, since the
   * other end may have begun a write (and released) without its bytes being sent yet.
   */
  static boolean delivered(int read) {
    return read > 0 || read == -1;
  }

  /** Where the ports' sync objects for datagrams lie: after the connections' (2^35 bytes), one word per port. */
  static final long DATAGRAMS = BASE + (1L << 35);

  /** The sync object of datagrams sent to {@code port}'s address, or 0 for an address that is not an IP one. */
  static long datagramSync(Object address) {
    if (!(address instanceof InetSocketAddress a) || a.getPort() <= 0 || a.getPort() > 0xFFFF) {
      return 0;
    }
    return DATAGRAMS + ((long) a.getPort() << 3);
  }

  /**
   * Where Unix domain sockets' sync objects lie: after the files' ({@link FilePaths}), one word per hash of the pair of
   * socket paths (2^35 bytes).
   */
  static final long UNIX = FilePaths.BASE + (1L << 35);

  /**
   * {@link #sync(int, int)} for a channel's two addresses; for a Unix domain socket, the pair of its two ends' paths
   * (one of them is usually the unnamed address of the client, so every client of a server socket shares the server
   * path's object, as every sender to a UDP port does); 0 for anything else.
   */
  static long sync(Object local, Object remote) {
    if (local instanceof InetSocketAddress l && remote instanceof InetSocketAddress r) {
      return sync(l.getPort(), r.getPort());
    }
    if (local instanceof UnixDomainSocketAddress l && remote instanceof UnixDomainSocketAddress r) {
      // a sum: both ends name the same object, whichever end is local
      long pair = l.getPath().toString().hashCode() + (long) r.getPath().toString().hashCode();
      return UNIX + ((pair & 0xFFFF_FFFFL) << 3);
    }
    return 0;
  }
}
