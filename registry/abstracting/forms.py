"""WTForms for the workspace's HTML posts (CSRF through Flask-WTF). Item values are read by ``fields.read_form``."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from registry.abstracting.casefinding import NOT_REPORTABLE_REASONS, SOURCES


def choices(pairs) -> list[SelectChoice]:
    """SelectField choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


_DATE = Regexp(r"^(\d{4}|\d{6}|\d{8})$", message="a date YYYYMMDD, YYYYMM or YYYY")


class AbstractForm(FlaskForm):
    """The abstract screen's own fields: versions opened at, baseline fingerprints, the queue, the intent."""

    patient_version = IntegerField(validators=[InputRequired()])
    tumor_version = IntegerField(validators=[InputRequired()])
    baseline = HiddenField()
    queue = HiddenField()
    intent = HiddenField(default="save")


class ReviewForm(FlaskForm):
    decision = SelectField(choices=choices([("approve", "Approve"), ("return", "Return to abstractor")]))
    comment = TextAreaField("Comment", validators=[Length(max=2000)])


class NewPatientForm(FlaskForm):
    nameLast = StringField("Last name", validators=[DataRequired(), Length(max=40)])
    nameFirst = StringField("First name", validators=[Length(max=40)])
    dateOfBirth = StringField("Date of birth", validators=[Optional(), _DATE])
    sexAssignedAtBirth = SelectField("Sex assigned at birth", default="", choices=choices(
        [("", "—"), ("1", "1 Male"), ("2", "2 Female"), ("9", "9 Not stated/unknown")]))
    socialSecurityNumber = StringField("Social Security Number", validators=[Optional(), Regexp(r"^\d{9}$")])
    medicalRecordNumber = StringField("Medical record number", validators=[Length(max=15)])
    reportingFacility = SelectField("Reporting facility", validate_choice=False)


class NewTumorForm(FlaskForm):
    reportingFacility = SelectField("Reporting facility", validate_choice=False)


class CaseForm(FlaskForm):
    source = SelectField("Source", choices=choices((s, s) for s in SOURCES), default="manual")
    facility = SelectField("Facility", validate_choice=False)
    name_last = StringField("Last name", validators=[Length(max=40)])
    name_first = StringField("First name", validators=[Length(max=40)])
    date_of_birth = StringField("Date of birth", validators=[Optional(), _DATE])
    sex = SelectField("Sex", default="", choices=choices([("", "—"), ("1", "Male"), ("2", "Female"), ("9", "Unknown")]))
    social_security_number = StringField("SSN", validators=[Optional(), Regexp(r"^\d{9}$")])
    medical_record_number = StringField("MRN", validators=[Length(max=15)])
    primary_site = StringField("Suspected site", validators=[Optional(), Regexp(r"^C\d{3}$", message="e.g. C504")])
    histology = StringField("Histology", validators=[Optional(), Regexp(r"^\d{4}$")])
    date_of_diagnosis = StringField("Date of diagnosis", validators=[Optional(), _DATE])
    note = TextAreaField("Note", validators=[Length(max=2000)])


class CaseImportForm(FlaskForm):
    file = FileField("CSV file", validators=[FileRequired()])


class NotReportableForm(FlaskForm):
    reason = SelectField("Reason", choices=choices((r, r) for r in NOT_REPORTABLE_REASONS))
    note = TextAreaField("Note", validators=[Length(max=2000)])
