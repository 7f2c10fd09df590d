"""Forms: sign-up and the couple space."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import BaseUserCreationForm

from couples.models import User


class SignUpForm(BaseUserCreationForm):
    """Name, e-mail address and password (twice), checked by Django's
    password validators."""

    class Meta:
        model = User
        fields = ("display_name", "email")
        labels = {"display_name": "Your first name (your partner sees it)"}

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this e-mail address already exists.")
        return email


class CoupleCreateForm(forms.Form):
    name = forms.CharField(
        max_length=80,
        required=False,
        label="A name for your shared space (optional)",
        widget=forms.TextInput(attrs={"placeholder": "e.g. Alex & Sam"}),
    )
