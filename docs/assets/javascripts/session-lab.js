// 세션 실험실 (docs/session.md#lab): 시작 버튼을 누르기 전에는 아무것도 받지 않습니다.
// 파이썬은 session-lab-worker.js(웹 워커)에서 돌고, 이 파일은 버튼과 결과만 다룹니다.
(function () {
  const script = document.currentScript.src;
  const lab = new URL("../../lab/", script).href;
  let worker = null;
  let starter = null; // 시작 버튼과 그 상태 줄
  let root = null; // 실험실이 있는 글(article): 1~4의 패널이 모두 그 안에 있습니다.

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, attributes);
    node.append(...children.filter((child) => child !== null && child !== undefined));
    return node;
  }

  function code(text) {
    return el("code", {}, text);
  }

  function pre(text) {
    return el("pre", { className: "session-lab__pre" }, code(text));
  }

  function table(header, rows) {
    const head = el("tr", {}, ...header.map((cell) => el("th", { scope: "col" }, cell)));
    const body = rows.map((row) => el("tr", {}, ...row.map((cell) => el("td", {}, cell))));
    return el("table", { className: "session-lab__table" }, el("thead", {}, head), el("tbody", {}, ...body));
  }

  // 결과의 요약은 누른 버튼 가까이의 상태 줄(role="status")에: 화면 읽기 프로그램이 읽어 주고, 눈으로도 보입니다.
  function say(where, text) {
    where.querySelector("[data-lab-status]").textContent = text;
  }

  function show(action, ...nodes) {
    root.querySelector(`[data-lab-result="${action}"]`).replaceChildren(...nodes);
  }

  // --- 워커와 주고받기 ---------------------------------------------------------------------------
  let next = 0;
  const waiting = new Map();

  function call(message) {
    const id = ++next;
    worker.postMessage({ id, ...message });
    return new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
  }

  function onMessage({ data }) {
    if (data.progress) return say(starter, data.progress);
    const { resolve, reject } = waiting.get(data.id);
    waiting.delete(data.id);
    data.error ? reject(new Error(data.error)) : resolve(data.result);
  }

  async function start(button) {
    if (worker) return;
    button.setAttribute("aria-disabled", "true");
    say(starter, "실험실 파일 목록을 확인하는 중…");
    const began = performance.now();
    let manifest = null;
    try {
      const response = await fetch(new URL("runtime/lab.json", lab));
      manifest = response.ok ? await response.json() : null;
    } catch {
      // 파일이 없거나 읽을 수 없으면 아래에서 쓸 수 없다고 알립니다.
    }
    // nox -s lab이 Pyodide를 받지 못한 빌드의 lab.json에는 Pyodide가 없습니다.
    if (!manifest || !manifest.pyodide) {
      button.removeAttribute("aria-disabled");
      say(
        starter,
        "실험실을 쓸 수 없습니다: 이 사이트는 실험실 파일(Pyodide와 패키지) 없이 빌드되었습니다. " +
          "인터넷이 되는 곳에서 nox -s docs로 다시 빌드하면 생깁니다."
      );
      return;
    }
    say(starter, `브라우저용 파이썬(Pyodide ${manifest.pyodide})을 받아 시작하는 중… 처음에는 몇 초 걸립니다.`);
    worker = new Worker(new URL("session-lab-worker.js", script), { type: "module" });
    worker.onmessage = onMessage;
    try {
      await call({ start: { lab, manifest } });
    } catch (error) {
      worker.terminate();
      worker = null;
      button.removeAttribute("aria-disabled");
      say(starter, `실험실을 시작하지 못했습니다: ${error.message}`);
      return;
    }
    const seconds = ((performance.now() - began) / 1000).toFixed(1);
    root.querySelectorAll("[data-lab-panel]").forEach((panel) => (panel.hidden = false));
    button.hidden = true;
    say(starter, `준비되었습니다 (${seconds}초). ${manifest.step}의 googlekaap이 이 페이지 안에서 돌고 있습니다.`);
    // 누른 버튼이 사라졌으니 다음에 할 일(1의 첫 칸)로 초점을 옮깁니다.
    root.querySelector("[data-lab-panel] input").focus();
  }

  // --- 결과 그리기: 동작마다 결과를 그리고, 상태 줄에 읽어 줄 요약을 돌려줍니다 ------------------------
  function cookieTable(cookie) {
    return table(
      ["부분", "쿠키에 적힌 값", "푼 값"],
      cookie.parts.map((part) => [part.name, code(part.raw), pre(part.decoded)])
    );
  }

  function seen(result) {
    const verdict = result.user_id
      ? `서버가 받아들였습니다: ${result.user_id}(으)로 로그인한 화면입니다.`
      : "서버가 받아들이지 않았습니다: 로그인하지 않은 화면입니다.";
    return el("p", {}, el("strong", {}, verdict), ` 서버가 그린 첫 화면의 글자: “${result.text}”`);
  }

  const RENDER = {
    register_and_login(result) {
      const log = el(
        "ol",
        {},
        ...result.log.map((entry) =>
          el(
            "li",
            {},
            code(entry.request),
            ` → ${entry.status}`,
            entry.location ? ` (이동: ${entry.location})` : "",
            entry.set_cookie ? ", Set-Cookie 있음" : ""
          )
        )
      );
      const cookies = result.cookies.map((cookie) =>
        el(
          "div",
          { className: "session-lab__cookie" },
          el("h4", {}, cookie.title + (cookie.compressed ? " (.으로 시작: zlib으로 압축됨)" : "")),
          pre(`Set-Cookie: ${cookie.set_cookie}`),
          cookieTable(cookie)
        )
      );
      show("register_and_login", el("h4", {}, "보낸 요청"), log, ...cookies);
      if (result.cookie) root.querySelector("#lab-cookie").value = result.cookie;
      if (!result.logged_in) return `로그인하지 못했습니다. 마지막 화면: ${result.log.at(-2).text}`;
      const login = result.cookies.find((cookie) => cookie.title.startsWith("로그인"));
      const done = result.registered ? "가입하고 로그인했습니다" : "이미 있는 아이디라 가입은 건너뛰고 로그인했습니다";
      return `${done}. 로그인 응답의 쿠키 내용: ${login.parts[0].decoded.replace(/\s+/g, " ")}`;
    },
    send_cookie(result) {
      if (result.error) {
        show("send_cookie");
        return result.error;
      }
      show("send_cookie", cookieTable(result.parts), seen(result.seen));
      return result.seen.user_id
        ? `서버가 이 쿠키를 받아들였습니다: ${result.seen.user_id}(으)로 로그인한 화면입니다.`
        : "서버가 이 쿠키를 받아들이지 않았습니다: 로그인하지 않은 화면입니다.";
    },
    guess_key(result) {
      const tries = el(
        "ol",
        {},
        ...result.tries.map((t) => el("li", {}, code(t.key), t.ok ? " — 서명이 맞습니다: 이 키입니다" : " — 아님"))
      );
      const found = result.found
        ? `${result.tries.length}번 만에 키를 찾았습니다: '${result.found}'. 이 키로 {"user_id": "admin"}에 서명했습니다.`
        : `단어 목록의 키 ${result.tries.length}개가 모두 틀렸습니다. 과정의 키 '${result.forged_with}'로 서명해 보냅니다.`;
      show(
        "guess_key",
        el("h4", {}, result.kind === "course" ? "키가 'secretkey'인 앱" : "키가 secrets.token_hex()인 앱"),
        el("p", {}, "가입 페이지를 열어 받은 쿠키: ", code(result.cookie), " 내용: ", code(result.decoded)),
        el("p", {}, "단어 목록의 키로 차례로 서명을 확인합니다:"),
        tries,
        el("p", {}, found),
        el("p", {}, "만든 쿠키: ", code(result.forged)),
        seen(result.seen)
      );
      return result.seen.user_id
        ? `키 '${result.found}'를 찾아 만든 admin 쿠키를 서버가 받아들였습니다.`
        : "키를 찾지 못했고, 만든 admin 쿠키를 서버가 받아들이지 않았습니다.";
    },
    server_store(result) {
      const users = result.users.length
        ? table(
            ["아이디", "이름", "비밀번호"],
            result.users.map((user) => [user.user_id, user.user_name, user.password])
          )
        : el("p", {}, "(비어 있음: 1에서 가입하세요)");
      const cookie = result.cookie ? pre(result.cookie_decoded) : el("p", {}, "(쿠키 없음: 1에서 로그인하세요)");
      show(
        "server_store",
        el(
          "div",
          { className: "session-lab__side" },
          el("div", {}, el("h4", {}, '서버의 메모리: app.extensions["users"]'), users),
          el("div", {}, el("h4", {}, "브라우저의 쿠키: googlekaap"), cookie)
        )
      );
      const kept = result.cookie ? "로그인 상태(user_id)" : "아무것도 없음";
      return `서버의 사용자 저장소에 ${result.users.length}명, 쿠키에는 ${kept}. 서버에는 세션 목록이 없습니다.`;
    },
  };

  async function act(panel, action, args) {
    say(panel, "실행 중…");
    try {
      say(panel, RENDER[action](await call({ action, args })));
    } catch (error) {
      say(panel, `오류: ${error.message}`);
    }
  }

  // 2의 두 버튼: 상자의 쿠키를 고쳐 상자에 다시 넣습니다. 보내기는 따로 누릅니다.
  async function tamper(panel, how) {
    const box = root.querySelector("#lab-cookie");
    if (!box.value.trim()) return say(panel, "먼저 1에서 가입하고 로그인하세요: 고칠 쿠키가 없습니다.");
    say(panel, "실행 중…");
    try {
      box.value = (await call({ action: "tamper", args: { cookie: box.value.trim(), how } })).cookie;
    } catch (error) {
      return say(panel, `오류: ${error.message}`);
    }
    const what = how === "admin" ? '내용을 {"user_id": "admin"}으로' : "내용의 가운데 한 글자를";
    say(panel, `${what} 바꿨습니다. 시각과 서명은 그대로입니다. 이제 이 쿠키로 첫 화면을 열어 보세요.`);
  }

  // --- 페이지에 연결: mkdocs-material과 Zensical은 페이지를 그릴 때마다 document$로 알립니다 ---------
  function init() {
    const found = document.querySelector("[data-session-lab]");
    if (found === starter) return;
    // instant navigation으로 다른 페이지에 다녀오면 새로 그린 실험실로 처음부터 시작합니다.
    if (worker) worker.terminate();
    worker = null;
    starter = found;
    if (!starter) return;
    root = starter.closest("article") || document.body;
    starter.querySelector("[data-lab-start]").addEventListener("click", (event) => start(event.currentTarget));
    root.querySelectorAll("[data-lab-panel]").forEach((panel) => {
      panel.querySelectorAll("form[data-lab-action]").forEach((form) =>
        form.addEventListener("submit", (event) => {
          event.preventDefault();
          act(panel, form.dataset.labAction, Object.fromEntries(new FormData(form)));
        })
      );
      panel.querySelectorAll("button[data-lab-action]").forEach((button) =>
        button.addEventListener("click", () =>
          act(panel, button.dataset.labAction, JSON.parse(button.dataset.labArgs || "{}"))
        )
      );
      panel.querySelectorAll("button[data-lab-tamper]").forEach((button) =>
        button.addEventListener("click", () => tamper(panel, button.dataset.labTamper))
      );
    });
  }

  document$.subscribe(init);
})();
