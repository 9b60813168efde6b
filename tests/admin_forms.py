"""Turn an admin change page into the POST data its form would send, as a browser would."""


def change_form_data(response):
    """The main form's and every inline formset's current values, ready to post back."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif value is not None:
            data[name] = value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
        for index, inline_form in enumerate(formset.formset.forms):
            for name in inline_form.fields:
                value = inline_form[name].value()
                key = f"{formset.formset.prefix}-{index}-{name}"
                if isinstance(value, list) or (value is not None and value is not False):
                    data[key] = value
    return data
