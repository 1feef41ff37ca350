// EXPECT: no race
package racecorpus.safe;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;

/**
 * {@code SocketRequestReply} over two pairs of the JDK's piped streams: the handler writes a plain field, then replies;
 * the client reads the field after the reply. A piped stream is synchronized and waits inside the JDK ({@code
 * PipedInputStream.read} and the writer's wait for space): the reader's wait gives its monitor up and takes it back
 * after the writer's {@code notifyAll}, and that re-acquire orders the reply's write before the read.
 */
public final class PipedStreamRequestReply {
  private int data;

  public static void main(String[] args) throws Exception {
    PipedStreamRequestReply box = new PipedStreamRequestReply();
    PipedInputStream requests = new PipedInputStream();
    PipedOutputStream requestOut = new PipedOutputStream(requests);
    PipedInputStream replies = new PipedInputStream();
    PipedOutputStream replyOut = new PipedOutputStream(replies);
    Thread handler = new Thread(() -> {
      try {
        for (int request; (request = requests.read()) >= 0; ) {
          box.data = box.data + request; // answered below: the client reads it after the reply
          replyOut.write(1);
          replyOut.flush();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, "handler");
    handler.start();
    int sum = 0;
    for (int i = 1; i <= 3; i++) {
      requestOut.write(i);
      requestOut.flush();
      replies.read();
      sum += box.data;
    }
    requestOut.close();
    handler.join();
    System.out.println("sum=" + sum);
  }
}
