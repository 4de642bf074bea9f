// 접근성 보강: axe-core가 테마에서 찾은 것을 고칩니다 (nox -s e2e_site가 검사합니다).
// document$는 mkdocs-material과 Zensical이 페이지를 그릴 때마다 알려 줍니다.
document$.subscribe(function () {
  // 검색 대화상자에 이름이 없으면 화면 읽기 프로그램이 무엇인지 말해 주지 못합니다.
  document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])').forEach(function (dialog) {
    dialog.setAttribute("aria-label", "검색");
  });
  // 가로로 넘치는 표는 키보드로도 스크롤할 수 있어야 합니다 (Tab으로 가서 화살표).
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (table) {
    table.tabIndex = 0;
  });
});
