"""Reliability tests (issue 9): fuzzing, injection, crash safety, concurrency.  可靠性测试。"""
