package com.staffchat.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.support.SupportTestApplication;
import com.staffchat.testsupport.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * One kept-alive connection serves request after request, each sent the moment the answer before it
 * has arrived, answers and refusals by the operation (a 400 problem for a missing parameter) in
 * turn: what a client relies on, and what closing connections after errors would break. Reactor Netty
 * before 1.3.8 could stop reading such a connection when a request arrives before the previous one's
 * operations have terminated (reactor/reactor-netty#4361); this series did not reproduce that on this
 * machine, QueuedKeepAliveRequestTest does.
 */
@SpringBootTest(
        classes = SupportTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "staffchat.security.jwt-secret=" + TestTokens.SECRET)
class KeptAliveConnectionTest {

    static final int REQUESTS = 3000;

    @LocalServerPort
    int port;

    @Test
    void everyRequestOnOneKeptAliveConnectionIsAnswered() throws Exception {
        String token = TestTokens.staff(7, "grand-budapest", "staff");
        // an answer and a refusal by the operation (a 400 problem for the missing parameter), in turn
        byte[] answered = request("/api/v1/whoami", token);
        byte[] refused = request("/api/v1/search/menu", token);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < REQUESTS; i++) {
                boolean ok = i % 2 == 0;
                out.write(ok ? answered : refused);
                out.flush();
                String response;
                try {
                    response = readResponse(in);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("request " + (i + 1) + " of " + REQUESTS + " was never answered", e);
                }
                if (ok) {
                    assertThat(response)
                            .as("response %d", i + 1)
                            .startsWith("HTTP/1.1 200")
                            .contains("\"staffId\":7");
                } else {
                    assertThat(response).as("response %d", i + 1).startsWith("HTTP/1.1 400");
                }
            }
        }
    }

    static byte[] request(String path, String token) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** One HTTP/1.1 response with a Content-Length body (what these answers have). */
    static String readResponse(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection closed by the server");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return headers + new String(body, StandardCharsets.UTF_8);
    }
}
