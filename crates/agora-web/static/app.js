// Small enhancements only: every page works without this file.
document.documentElement.dataset.enhanced = "true";
// Likes and dislikes without a page reload: the same form posts with fetch and asks
// for JSON; on any failure the browser submits the form the ordinary way.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.dataset.enhance !== "reaction") return;
  event.preventDefault();
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(String(response.status));
    const idea = await response.json();
    document.querySelectorAll(".likes-count").forEach((el) => { el.textContent = idea.likes_count; });
    document.querySelectorAll(".dislikes-count").forEach((el) => { el.textContent = idea.dislikes_count; });
    const like = document.getElementById("like-button");
    const dislike = document.getElementById("dislike-button");
    if (like) like.setAttribute("aria-pressed", String(idea.reaction === "up"));
    if (dislike) dislike.setAttribute("aria-pressed", String(idea.reaction === "down"));
  } catch (_) {
    form.submit();
  }
});
