"""Post an admin change form as a browser would: every field as the page shows it, then the changes."""

from django.forms import MultiWidget


def form_data(page):
    """The POST data of an admin change page, read from its forms (main form and inlines)."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if value is None:
                continue
            widget = bound.field.widget
            if isinstance(widget, MultiWidget):  # a split date and time: one input each
                for index, part in enumerate(widget.decompress(value)):
                    data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            elif isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            else:
                data[bound.html_name] = str(value)

    add(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        for field in formset.management_form:
            data[field.html_name] = str(field.value())
        for form in formset.forms:
            add(form)
    return data
