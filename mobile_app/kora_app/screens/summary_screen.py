"""Before submitting: the score, the failures with their legal basis, and every problem still
stopping the submission, each one tap away from its item (SummaryViewModel)."""

from __future__ import annotations

from kivy.app import App

from mobile_app.kora_app.screens.checklist_screen import legal_basis_text
from mobile_app.kora_app.screens.model_screen import ModelScreen, row_button, row_label


class SummaryScreen(ModelScreen):
    def show(self, model) -> None:
        app = App.get_running_app()
        tr = app.tr
        score = model.score
        self.ids.score.text = tr("Score: {score}", score="—" if score["score"] is None else score["score"])
        self.ids.findings.text = tr("Findings: {count}", count=len(score["findings"]))
        self.ids.state.text = tr("state:" + model.state)
        self.ids.submit.disabled = not model.can_submit
        self.ids.error.text = app.error_text(model.error)
        rows = self.ids.rows
        rows.clear_widgets()
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
