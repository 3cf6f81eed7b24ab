"""The Kemendagri region tree and the sub-village areas each village manages."""
