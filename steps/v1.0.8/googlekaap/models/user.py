import threading
from dataclasses import dataclass


# --8<-- [start:user-model]
@dataclass
class User:
    user_id: str
    user_name: str
    # 비밀번호 자체가 아니라 werkzeug가 만든 해시("scrypt:32768:8:1$솔트$해시")만 저장합니다.
    password_hash: str
    # --8<-- [end:user-model]


# --8<-- [start:memory-store]
class UserStore(dict):
    """user_id -> User. 읽기는 보통 dict처럼, 쓰기는 add()로만 합니다."""

    def __init__(self):
        super().__init__()
        # 개발 서버는 요청마다 스레드를 씁니다. "확인하고 넣기"를 한 덩어리로 묶지 않으면
        # 같은 아이디로 동시에 가입한 두 요청이 모두 성공할 수 있습니다.
        self._lock = threading.Lock()

    def add(self, user):
        """새 아이디면 저장하고 True, 이미 있으면 아무것도 바꾸지 않고 False."""
        with self._lock:
            if user.user_id in self:
                return False
            self[user.user_id] = user
            return True
            # --8<-- [end:memory-store]
