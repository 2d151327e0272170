-- wrk -s provider-sim/bench/openai-chat.lua: POSTs one OpenAI chat completion per request.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-bench"
wrk.body = '{"model":"gpt-4o-mini","max_tokens":256,"messages":[{"role":"system","content":"You review Java code."},{"role":"user","content":"Review this code: public class OrderService { public Order place(Cart cart) { return new Order(cart); } }"}]}'
