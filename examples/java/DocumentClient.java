// 公文服务的 Java 17 客户端示例（只用 JDK 自带的 java.net.http）。
// A Java 17 client of `doctemplates serve` using only java.net.http.
//
// 编译和运行 / build and run:
//   javac -d out DocumentClient.java
//   java -cp out DocumentClient http://127.0.0.1:8000 data.json 通知.docx 通知.pdf [令牌]
//
// 它把 data.json 发给 /v1/kinds/document/render，先取 .docx，再以 Accept: application/pdf 取 PDF；
// 出错时打印服务返回的 JSON 错误（code、message 和每个字段错误）并以 1 退出。

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

public final class DocumentClient {
    private static final String DOCX =
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String token;

    DocumentClient(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
    }

    /** POST the JSON data of a kind and return the document in the format asked for. */
    byte[] render(String kind, String json, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/v1/kinds/" + kind + "/render"))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (token != null && !token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            int status = response.statusCode();
            if (status == 200) {
                return response.body();
            }
            if (status == 429 && attempt < 5) { // PDF queue full: wait as the service says
                long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1L);
                Thread.sleep(Math.min(seconds, 10L) * 1000L);
                continue;
            }
            String error = new String(response.body(), StandardCharsets.UTF_8);
            throw new IOException("HTTP " + status + " " + error);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("用法：java DocumentClient 服务地址 数据.json 输出.docx 输出.pdf [令牌]");
            System.exit(2);
        }
        String token = args.length > 4 ? args[4] : System.getenv("DOCTEMPLATES_TOKEN");
        DocumentClient client = new DocumentClient(args[0], token);
        String json = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
        try {
            byte[] docx = client.render("document", json, DOCX);
            Files.write(Path.of(args[2]), docx);
            System.out.println("docx " + docx.length);
            byte[] pdf = client.render("document", json, "application/pdf");
            Files.write(Path.of(args[3]), pdf);
            System.out.println("pdf " + pdf.length);
        } catch (IOException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }
}
