"""Before submitting: the score, the failures with their legal basis, and every problem still
stopping the submission, each one tap away from its item (SummaryViewModel)."""

from __future__ import annotations

from kivy.app import App

from mobile_app.kora_app.screens.checklist_screen import legal_basis_text
from mobile_app.kora_app.screens.i18n import N_
from mobile_app.kora_app.screens.model_screen import ModelScreen, row_button, row_label


def positions_text(positions: dict, tr) -> str:
    """Where it was started and submitted, where each position came from, or why there is none."""
    lines = []
    for moment, title in (("started", N_("Position when started")), ("finished", N_("Position when submitted"))):
        found, missing = positions[moment]["position"], positions[moment]["missing"]
        if found:
            parts = [f"{found['lat']:.5f}, {found['lon']:.5f}"]
            if found.get("accuracy_m") is not None:
                parts.append(tr("±{metres} m", metres=round(found["accuracy_m"])))
            parts.append(tr("source:" + found.get("source", "device")))
            if found.get("captured_at"):
                parts.append(found["captured_at"])
            lines.append(tr(title) + "：" + " · ".join(parts))
        elif missing:
            lines.append(tr(title) + "：" + tr("position_missing:" + missing))
    return "\n".join(lines)


class SummaryScreen(ModelScreen):
    def show(self, model) -> None:
        app = App.get_running_app()
        tr = app.tr
        score = model.score
        self.ids.score.text = tr("Score: {score}", score="—" if score["score"] is None else score["score"])
        self.ids.findings.text = tr("Findings: {count}", count=len(score["findings"]))
        self.ids.state.text = tr("state:" + model.state)
        self.ids.positions.text = positions_text(model.positions, tr)
        self.ids.submit.disabled = not model.can_submit
        self.ids.error.text = app.error_text(model.error)
        rows = self.ids.rows
        rows.clear_widgets()
        if model.server_reason:  # the server did not take it last time: why, and what to do
            rows.add_widget(row_label(tr("refused:" + model.server_reason, items="、".join(model.server_items))))
        if model.problems:
            rows.add_widget(row_label(tr("Still to do before submitting: {count}", count=len(model.problems))))
        for problem in model.problems:
            text = tr("problem:" + problem["code"], item=problem["item"])
            if problem["item"]:
                rows.add_widget(row_button(text, lambda i=problem["item"]: app.show_checklist(model.inspection_id, i)))
            else:
                rows.add_widget(row_button(text, lambda: app.show_signature(model.inspection_id)))
        for failure in model.failures:
            rows.add_widget(row_label(f"× {failure['requirement']}\n{tr('Legal basis')}："
                                      f"{legal_basis_text(failure['legal_basis'])}"
                                      + (f"\n{failure['note']}" if failure["note"] else "")))

    def submit(self) -> None:
        self.model.submit()
