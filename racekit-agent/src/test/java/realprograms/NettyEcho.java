package realprograms;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Netty under the agent: an echo server on a loopback port (one acceptor loop, two worker loops) and four client
 * channels on two client loops, each writing 100 messages of 64 bytes from the main thread and counting the echoed
 * bytes on its loop. Prints the bytes echoed, the same in every run.
 */
public final class NettyEcho {
  static final int CLIENTS = 4;
  static final int MESSAGES = 100;
  static final int SIZE = 64;

  public static void main(String[] args) throws Exception {
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    EventLoopGroup clients = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    try {
      Channel server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                  ctx.writeAndFlush(msg);
                }
              });
            }
          }).bind("127.0.0.1", 0).sync().channel();
      int port = ((InetSocketAddress) server.localAddress()).getPort();
      AtomicLong echoed = new AtomicLong();
      CountDownLatch done = new CountDownLatch(CLIENTS);
      for (int c = 0; c < CLIENTS; c++) {
        Channel ch = new Bootstrap().group(clients).channel(NioSocketChannel.class)
            .handler(new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                  long received;

                  @Override
                  public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ByteBuf b = (ByteBuf) msg;
                    received += b.readableBytes();
                    echoed.addAndGet(b.readableBytes());
                    b.release();
                    if (received >= MESSAGES * SIZE) {
                      done.countDown();
                      ctx.close();
                    }
                  }
                });
              }
            }).connect("127.0.0.1", port).sync().channel();
        for (int i = 0; i < MESSAGES; i++) {
          ch.writeAndFlush(Unpooled.wrappedBuffer(new byte[SIZE]));
        }
      }
      if (!done.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("not every message came back");
      }
      server.close().sync();
      System.out.println("NettyEcho echoed=" + echoed.get());
    } finally {
      boss.shutdownGracefully().sync();
      workers.shutdownGracefully().sync();
      clients.shutdownGracefully().sync();
    }
  }
}
